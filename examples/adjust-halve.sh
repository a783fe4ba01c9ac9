# Tachycardia on 4.5 mg that does not settle: halve from 5 January. 2.25 mg is not on the plan's
# ladder (1.5, 3, 4.5 mg) and the plan has no formulation, so 1.5 mg; then back up more gently
# as prescribed (+0.5 mg every 3 weeks: slower than the plan's own pace).
# exit: 0
ldn adjust --plan examples/plan.json --on 2027-01-05 --side-effects halve --step 0.5 --every 3w --format text
