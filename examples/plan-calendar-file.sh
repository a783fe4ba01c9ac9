# A calendar file for the patient's phone: dose steps, follow-up visits, daily reminders at
# 21:00 London time. The DTSTAMP comes from SOURCE_DATE_EPOCH when it is set (as in the tests).
# exit: 0
ldn plan --start 2026-12-01 --format ics --tz Europe/London
