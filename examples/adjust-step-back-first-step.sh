# Side effects on the first dose of the standard protocol: there is no lower dose to step back
# to, so the tool refuses and names what is possible.
# exit: 2
ldn adjust --current-dose 1.5 --on 2026-12-05 --side-effects step-back
