# Every preset with its numbers and its source key.
# exit: 0
ldn protocols
