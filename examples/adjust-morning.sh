# Vivid dreams: the same doses, taken in the morning from 20 December (printed with its caveat).
# exit: 0
ldn adjust --plan examples/plan.json --on 2026-12-20 --switch-to-morning --format text
