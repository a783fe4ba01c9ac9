# A JSON plan from ldn plan, as a 1 mg/mL liquid, with too much dispensed for a 14-day
# beyond-use date, and a medication list that includes an opioid.
# exit: 1
ldn check examples/plan.json --liquid 1mg/mL --dispensed 150mL --med "gabapentin 300 mg" --med "Norco 5/325"
