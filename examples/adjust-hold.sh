# Headaches on 3 mg: hold at 3 mg for three weeks, then continue the titration.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --side-effects hold --for 3w --format text
