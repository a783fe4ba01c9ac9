# A plan for a patient whose list includes Tylenol #3 (codeine): the plan is still shown, with a
# contraindicated warning, and the exit status is 1.
# exit: 1
ldn plan --start 2026-12-01 --med "Tylenol #3" --format json
