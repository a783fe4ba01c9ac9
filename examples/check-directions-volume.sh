# Directions checked against the plan and the liquid: 4.5 mL of 5 mg/mL is 22.5 mg (above the
# maximum and not a dose of the plan), and QOD means every other day.
# exit: 1
ldn check examples/plan.json --liquid 5mg/mL --directions "Take 4.5 mL QOD at bedtime"
