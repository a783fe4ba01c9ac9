# How a line is read, fail safe: "No3" and "+" are read (never skipped), a second strength
# means an unnamed ingredient, a suffix is never spell-corrected into a drug ("Ultra" is not
# Ultram), "depot" on an oral opioid is prolonged release, a buprenorphine injection is a depot,
# and a possible match names the known name it is close to (in JSON: "near").
# exit: 1
ldn meds "Tylenol No3" "Nurofen+" "Paracetamol 500mg/30mg" "Gaviscon Ultra" "Dolcontin Depot 30 mg" "buprenorphine 100 mg SC monthly" "Paracodine"
