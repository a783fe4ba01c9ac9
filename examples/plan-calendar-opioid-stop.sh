# The plan rests on tramadol stopping on 5 December: the calendar has an event with an alarm
# that day, "do not take tramadol 50 mg after Sat 5 Dec 2026", and the first step says it too.
# Every daily reminder rings at 21:00 London time.
# exit: 0
ldn plan --start 2026-12-15 --med "tramadol 50 mg" --last-opioid-dose 2026-12-05 --format ics --tz Europe/London
