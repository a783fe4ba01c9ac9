# The same plan as the stable JSON contract (schema_version 1) that scripts read.
# exit: 0
ldn plan --start 2026-12-01 --format json
