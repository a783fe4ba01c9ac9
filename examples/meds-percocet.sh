# Percocet contains oxycodone, which LDN blocks; gabapentin has no opioid conflict.
# exit: 1
ldn meds "Percocet 5/325" "gabapentin 300 mg"
