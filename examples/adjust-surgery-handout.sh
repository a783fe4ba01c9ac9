# The handout after surgery was planned: the days without LDN, the surgery day marked on the tick
# sheet, and the restart.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --surgery 2027-01-05 --format html
