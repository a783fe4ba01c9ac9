# A numeric date that reads differently in different countries is refused.
# exit: 2
ldn plan --start 01/02/2026
