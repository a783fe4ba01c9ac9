# A non-responder: at 12 weeks on the maintenance dose the reduction is under 30%, so the
# review suggests reassessing whether to continue (exit 1: a suggestion needs action).
# exit: 1
ldn review --plan examples/plan.json --diary examples/review-non-responder.csv
