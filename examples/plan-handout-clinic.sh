# The handout a clinic prints: the patient's name and whom to call on the sheet and the wallet
# card, and a separate clinician page (findings, assessments, source keys) at the end.
# examples/render_handout_png.py prints this one to examples/plan-handout-page-*.png.
# exit: 0
ldn plan --start 2026-12-01 --format html --patient "Jane Doe" --prescriber "Dr A. Smith" --clinic-name "Riverside Pain Clinic" --clinic-phone "020 7946 0000" --clinician-copy
