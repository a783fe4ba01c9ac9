# The clinic's settings file gives the protocol, the clinic days, the reminder zone and time,
# the pharmacy's liquid and the clinic's contact: the plan records which values came from it.
# exit: 0
ldn --config examples/settings.toml plan --start 2026-12-01 --format json
