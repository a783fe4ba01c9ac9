# The calendar file of a plan that must not start: its first event says "Do not start LDN as
# planned" and why, its steps are on hold, and it has no daily reminders to take a dose.
# exit: 1
ldn plan --start 2026-12-01 --med Norco --format ics --tz Europe/London
