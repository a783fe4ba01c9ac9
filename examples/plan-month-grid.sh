# The plan at a glance as a month grid in the terminal; * marks a suggested follow-up visit.
# exit: 0
ldn plan --start 2026-12-01 --format calendar
