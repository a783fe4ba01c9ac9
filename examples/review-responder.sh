# A pain diary at 12 weeks on the standard plan (examples/plan.json): a responder, within the
# realistic goal of a 30-50% reduction. The chart shows each day's pain over the dose steps.
# exit: 0
ldn review --plan examples/plan.json --diary examples/review-responder.csv
