# A patient who stopped methadone on 25 November: LDN needs 14 opioid-free days, so a start on
# 1 December is too early. The tool reports the earliest safe start and does not move the dates.
# exit: 1
ldn plan --start 2026-12-01 --last-opioid-dose 2026-11-25 --med "methadone 40 mg"
