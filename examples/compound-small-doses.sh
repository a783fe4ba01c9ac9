# Tiny doses from a 1 mg/mL liquid measure poorly (0.1 mL: about 17%): a failing finding (exit 1)
# above the 10% limit, and the tool suggests a weaker liquid.
# exit: 1
ldn compound --start 2026-12-01 --start-dose 0.1 --step 0.1 --every 3d --target 0.5 --liquid 1mg/mL --format json
