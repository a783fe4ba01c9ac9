# One line per tier: a PAMORA and a naloxone kit ask about opioid use, the patient's own LDN is the
# drug being planned, full-dose naltrexone is a duplicate, kratom and a depot are contraindicated.
# exit: 1
ldn meds "Relistor 150 mg" "Narcan 4 mg nasal spray" "LDN 4.5 mg at bedtime" "Revia 50 mg" "kratom" "Sublocade 300 mg" "Imodium 2 mg"
