# The printable patient handout, in the patient's words: doses, the visits with the days to book
# them, whom to call, a chart, what to watch for, a tick sheet on its own page and a cut-out
# wallet card, in one self-contained HTML file. No source keys: those are for the clinician.
# exit: 0
ldn plan --start 2026-12-01 --format html
