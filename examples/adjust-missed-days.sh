# Twenty days without LDN (a long gap): re-titrate from the start dose, recorded with its source.
# exit: 0
ldn adjust --plan examples/plan.json --on 2027-01-20 --missed-days 20 --format json
