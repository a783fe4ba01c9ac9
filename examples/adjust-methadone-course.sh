# A planned methadone course: the restart waits the 14 opioid-free days the opioid table gives
# methadone (naltrexone-label), not the default 10.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --opioid-course 2027-01-05 2027-01-09 --opioid methadone --format text
