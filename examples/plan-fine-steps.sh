# An individualized plan for a sensitive patient: 0.1 mg steps every 3 days up to 0.5 mg.
# exit: 0
ldn plan --start 2026-12-01 --start-dose 0.1 --step 0.1 --every 3d --target 0.5 --format json
