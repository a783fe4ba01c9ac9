# The CSV that ldn adjust wrote for a surgery hold passes ldn check: the held days (an empty dose
# cell marked in no_ldn) are not a gap, and the follow-up column is read.
# exit: 0
ldn check examples/adjusted-plan.csv
