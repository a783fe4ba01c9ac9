# Side effects on 4.5 mg of a 1 mg/mL liquid: halve. 2.25 mL is not measurable exactly with the
# stocked syringes, so the nearest exact dose below (2.2 mg); then back up the plan's own ladder
# (3, 4.5 mg) at twice the interval (a configurable default, --slower).
# exit: 0
ldn adjust --plan examples/plan-liquid.json --on 2027-01-05 --side-effects halve --format text
