# The handout of a plan that must not start (hydrocodone in Norco): it says so at the top, and
# why, announces no start date and has no tick sheet. Exit 1, as for every blocked plan.
# exit: 1
ldn plan --start 2026-12-01 --med Norco --format html
