# The standard plan as 1.5 mg capsules: 1, 2 and 3 capsules, in one fill within 180 days.
# exit: 0
ldn compound --start 2026-12-01 --capsules 1.5
