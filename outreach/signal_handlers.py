"""Signals of the outreach log.

``person_merged`` / ``person_merge_undone`` tell other parts (referrals, follow-ups) that rows
were moved between people; ``outreach.services`` already moves every foreign key to Person, so
handlers are only needed for side effects (search indexes, notifications).
"""

from django.dispatch import Signal

person_merged = Signal()  # sender=PersonMerge, merge=PersonMerge, user=User
person_merge_undone = Signal()  # sender=PersonMerge, merge=PersonMerge, user=User
