# Twenty days without LDN from 4.5 mg (a long gap): the missed days are recorded as missed, and
# the re-titration starts from the protocol's start dose (ldnrt-restart), not from 4.5 mg.
# exit: 0
ldn adjust --current-dose 4.5 --on 2027-01-10 --missed-days 20
