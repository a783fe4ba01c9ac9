# A pharmacist checks a whole medication list from a file: a misspelling is a possible match
# that must be verified, and an unknown name is listed as not checked. Exit 1: a conflict.
# exit: 1
ldn meds --meds-file examples/meds.txt
