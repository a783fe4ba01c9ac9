"""The opioid-free wait before LDN starts or restarts: its default and its bounds.

Naltrexone labels (source key ``naltrexone-label``): opioid-free 7–10 days before starting, 14
days after methadone or buprenorphine. The default is the safe end of 7–10; a prescriber may
choose 7–14 days. This small module is the one home of these numbers, so that checking an
option never has to load the opioid table.
"""

DEFAULT_OPIOID_FREE_DAYS = 10
MIN_OPIOID_FREE_DAYS = 7
MAX_OPIOID_FREE_DAYS = 14
