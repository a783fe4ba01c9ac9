# 1.25 mg and 3.75 mg of a 1 mg/mL liquid need 1.25 mL and 3.75 mL, which no stocked syringe
# measures exactly: each is a finding naming the nearest volume and what it delivers.
# exit: 0
ldn compound --start 2026-12-01 --start-dose 1.25 --step 1.25 --target 3.75 --liquid 1mg/mL
