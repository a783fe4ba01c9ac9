# A decimal comma splits a CSV cell: the row has more cells than the header, so the tool refuses
# it (exit 2) instead of reading 1 mg.
# exit: 2
ldn check examples/pharmacy-plan-comma.csv
