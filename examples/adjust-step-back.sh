# Side effects on 3 mg that do not settle: back to the last tolerated dose (1.5 mg) on
# 20 December, then re-titrate. The input is the standard plan from ldn plan --format json.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --side-effects step-back --format text
