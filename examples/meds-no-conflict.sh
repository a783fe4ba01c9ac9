# Dextromethorphan is not an opioid agonist; loperamide is a peripheral opioid (caution). Exit 0.
# exit: 0
ldn meds dextromethorphan loperamide --format json
