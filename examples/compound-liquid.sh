# The standard plan as a 1 mg/mL oral liquid: volumes, syringes, possible error, fills and use-by.
# exit: 0
ldn compound --start 2026-12-01 --liquid 1mg/mL
