# Headaches on 3 mg: hold for three weeks from 20 December. Visit 1 was open that day: it keeps
# its day and decides the increase of the adjusted plan (4.5 mg on 10 January, step 3); the 3 mg
# step gets its own visit 14-28 days after it.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --side-effects hold --for 3w
