# A patient on 4.5 mg has surgery on 20 December: the last dose at least 72 hours before, no LDN
# through the opioid period and the opioid-free days, then a restart; tell the anaesthetist.
# exit: 0
ldn adjust --current-dose 4.5 --on 2026-12-10 --surgery 2026-12-20
