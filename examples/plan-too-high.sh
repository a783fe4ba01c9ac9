# A target above the 4.5 mg maximum is refused: one line, exit 2, nothing written.
# exit: 2
ldn plan --start 2026-12-01 --target 5
