# The blank diary of a plan: the 7 baseline days before the start, then every day of the plan
# with its dose; the patient fills in the rest and ldn review reads it back.
# exit: 0
ldn review --template --plan examples/plan.json
