# A pharmacist's CSV plan as 1.5 mg capsules, 42 dispensed to cover the first three weeks: no error.
# A CSV has no follow-up dates, so the linter says so (information). Exit 0.
# exit: 0
ldn check examples/pharmacy-plan-good.csv --capsules 1.5 --dispensed 42 --until 2026-12-21
