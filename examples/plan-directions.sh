# Prescription directions to paste into a prescription or an EHR note.
# exit: 0
ldn plan --start 2026-12-01 --format text
