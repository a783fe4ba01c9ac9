# The reference protocol (1.5 mg, +1.5 mg every 14 days, to 4.5 mg) from 1 December 2026.
# exit: 0
ldn plan --start 2026-12-01
