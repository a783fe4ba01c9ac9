# 0.5 mg cannot be made from whole 1 mg and 3 mg capsules: exit 2, naming the nearest doses.
# exit: 2
ldn compound --start 2026-12-01 --capsules 1,3 --start-dose 0.5
