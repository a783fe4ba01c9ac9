# A day-by-day CSV: a duplicated day, a missing day, and a dose 0.5 mg capsules cannot make.
# exit: 1
ldn check examples/pharmacy-plan-daily.csv --capsules 0.5 --format json
