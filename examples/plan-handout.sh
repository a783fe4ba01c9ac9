# The printable patient handout: schedule, month grid with tick boxes, chart, precautions and a
# cut-out wallet card, in one self-contained HTML file.
# exit: 0
ldn plan --start 2026-12-01 --format html
