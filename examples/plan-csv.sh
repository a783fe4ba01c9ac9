# One row per day, for a spreadsheet or a pharmacy system.
# exit: 0
ldn plan --start 2026-12-01 --protocol ldnrt-weekly --format csv
