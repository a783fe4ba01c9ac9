# Error-prone notation in free-text directions: a trailing zero and "qhs".
# exit: 1
ldn check --directions "Take 3.0 mg qhs"
