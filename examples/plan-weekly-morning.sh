# The LDN Research Trust weekly preset, dosed in the morning (printed with its caveat).
# exit: 0
ldn plan --start "1 Dec 2026" --protocol ldnrt-weekly --dose-time morning
