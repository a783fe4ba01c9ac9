# A JSON Lines diary with too few recent days: insufficient-data, and how many more days a
# 7-day mean needs; as JSON (ldn schema review).
# exit: 0
ldn review --plan examples/plan.json --diary examples/review-insufficient.jsonl --format json
