# Pain relief was better at 3 mg than at 4.5 mg: return to the last effective dose and keep it
# (the target becomes 3 mg).
# exit: 0
ldn adjust --plan examples/plan.json --on 2027-01-10 --side-effects "to 3" --target 3 --format text
