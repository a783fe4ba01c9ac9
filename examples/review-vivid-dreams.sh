# Vivid dreams on every recent day at 3 mg: a persisting side effect, so the review lists the
# adjustment options and the unconfirmed morning-dosing option (exit 1).
# exit: 1
ldn review --plan examples/plan.json --diary examples/review-vivid-dreams.csv
