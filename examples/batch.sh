# A clinic plans six patients at once: one JSON line per row, in order; the two bad rows (a 5 mg
# target, an ambiguous date) become error lines and the batch goes on. Exit 1: a row failed.
# exit: 1
ldn batch examples/batch.csv
