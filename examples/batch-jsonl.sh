# The same from JSON Lines, as an EHR integration would send it. Exit 0: no row failed.
# exit: 1
ldn batch examples/batch.jsonl
