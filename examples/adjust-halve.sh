# Tachycardia on 4.5 mg that does not settle: halve the dose from 5 January, then re-titrate
# more gently (+0.5 mg every 3 weeks).
# exit: 0
ldn adjust --plan examples/plan.json --on 2027-01-05 --side-effects halve --step 0.5 --every 3w --format text
