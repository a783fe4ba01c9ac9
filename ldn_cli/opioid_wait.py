"""The opioid-free wait before LDN starts or restarts: its default, its bounds and its count.

Naltrexone labels (source key ``naltrexone-label``): opioid-free 7–10 days before starting, 14
days after methadone or buprenorphine. The default is the safe end of 7–10; a prescriber may
choose 7–14 days. This small module is the one home of these numbers and of how the days are
counted, so that ``ldn plan --last-opioid-dose`` and ``ldn adjust`` (surgery, opioid courses)
give the same day, and checking an option never has to load the opioid table.
"""

from datetime import date, timedelta

DEFAULT_OPIOID_FREE_DAYS = 10
MIN_OPIOID_FREE_DAYS = 7
#: The wait after methadone or buprenorphine (``naltrexone-label``).
METHADONE_BUPRENORPHINE_DAYS = 14
#: The longest wait a prescriber may choose: the methadone or buprenorphine wait.
MAX_OPIOID_FREE_DAYS = METHADONE_BUPRENORPHINE_DAYS


def first_ldn_day(last_opioid_day: date, opioid_free_days: int) -> date:
    """The first day LDN may be taken after the last opioid dose on ``last_opioid_day``.

    "Opioid-free for N days" (``naltrexone-label``: a minimum of 7–10 days) counts the N
    calendar days after the day of the last opioid dose (that day is not one of them); LDN may
    be taken on the last of them, at its dose time (bedtime by default), N days after the last
    opioid dose. With 10 days after a last dose on 5 December, the opioid-free days are 6 to 15
    December and LDN may start on 15 December. The default N is the safe end of 7–10; a
    prescriber who counts whole 24-hour days from a late dose chooses one day more.
    """
    return last_opioid_day + timedelta(days=opioid_free_days)
