# A clinic open on Saturdays only, and visits 14-16 days after each change: no window holds a
# Saturday, so each visit suggests its first day and says to agree a day with the clinic.
# exit: 0
ldn plan --start 2026-12-01 --clinic-days sat --follow-up-window 14-16
