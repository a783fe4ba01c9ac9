# A planned five-day opioid course after dental work, and a switch to a gentler titration.
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --opioid-course 2027-01-05 2027-01-09 --step 0.5 --format calendar
