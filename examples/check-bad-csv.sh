# A CSV plan with a 5 mg row and a two-day gap: two errors, exit 1.
# exit: 1
ldn check examples/pharmacy-plan-bad.csv
