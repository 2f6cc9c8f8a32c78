"""Reporting: a hand-counted fortnight (Mon 3 – Sun 16 November 2025, America/New_York).

Every expected figure in the tests is counted by hand from the rows below; comments say why a
row is in or out.
"""

import datetime as dt
from functools import partial
from zoneinfo import ZoneInfo

from reporting.periods import Period
from staff.models import Role

from .outreach import EncounterFactory, PersonFactory
from .referrals import FollowUpFactory, ReferralFactory
from .staff import TeamFactory, staff

__all__ = [
    "FORTNIGHT",
    "NY",
    "build_fortnight",
    "local",
]

NY = ZoneInfo("America/New_York")
FORTNIGHT = Period(dt.date(2025, 11, 3), dt.date(2025, 11, 16))


def local(*args):
    return dt.datetime(*args, tzinfo=NY)


def build_fortnight():
    team = TeamFactory(name="Reporting Alpha")
    responder = staff(Role.RESPONDER, team=team)
    a = PersonFactory(created_by_team=team, alias="Ace", name="Alma Quintero")
    b = PersonFactory(created_by_team=team, alias="Bee", name="Bartholomew Zed")
    enc = partial(EncounterFactory, team=team, responder=responder)
    rows = {}
    # Out: 23:59 local on Sunday 2 Nov (04:59 UTC on Monday 3 Nov). A's first contact ever.
    rows["e0"] = enc(occurred_at=local(2025, 11, 2, 23, 59), person=a, needs=["housing"])
    rows["e1"] = enc(
        occurred_at=local(2025, 11, 3, 10, 0),
        source="dispatch",
        cad_incident="CAD-1",
        person=a,
        call_received_at=local(2025, 11, 3, 9, 50),
        on_scene_at=local(2025, 11, 3, 10, 0),
        cleared_at=local(2025, 11, 3, 10, 30),
        needs=["mental_health"],
        neighbourhood="Frog Hollow",
        disposition="resolved_on_scene",
    )
    rows["e2"] = enc(
        occurred_at=local(2025, 11, 4, 22, 0),
        source="dispatch",
        cad_incident="CAD-2",
        person=a,
        co_response="police",
        call_received_at=local(2025, 11, 4, 21, 40),
        on_scene_at=local(2025, 11, 4, 22, 0),
        cleared_at=local(2025, 11, 4, 23, 0),
        needs=["housing"],
        neighbourhood="Frog Hollow",
        disposition="referred",
        transport_destination="shelter",
    )
    rows["e3"] = enc(
        occurred_at=local(2025, 11, 5, 23, 30),
        source="outreach",
        person=b,
        needs=["housing", "food"],
        neighbourhood="Asylum Hill",
        disposition="declined",
        living_situation="116",
    )
    rows["e4"] = enc(
        occurred_at=local(2025, 11, 10, 2, 0),
        source="dispatch",
        cad_incident="CAD-4",
        person=None,
        co_response="ems",
        police_backup_requested=True,
        police_backup_reason="weapon seen",
        arrest_or_citation=True,
        call_received_at=local(2025, 11, 10, 1, 30),
        on_scene_at=local(2025, 11, 10, 2, 0),
        cleared_at=local(2025, 11, 10, 2, 15),
        needs=["substance_use"],
        neighbourhood="",
        disposition="police_requested",
    )
    # In: 23:50 local on Sunday 16 Nov is 04:50 UTC on Monday 17 Nov.
    rows["e5"] = enc(
        occurred_at=local(2025, 11, 16, 23, 50),
        source="walk_in",
        person=a,
        needs=["substance_use"],
        neighbourhood="Frog Hollow",
        disposition="referred",
    )
    # Out: 00:01 local on Monday 17 Nov.
    rows["e6"] = enc(occurred_at=local(2025, 11, 17, 0, 1), person=b, neighbourhood="Asylum Hill")

    ref = partial(ReferralFactory, created_by=responder, team=team)
    rows["r1"] = ref(
        person=a,
        encounter=rows["e2"],
        sent_at=local(2025, 11, 4, 22, 10),
        accepted_at=local(2025, 11, 4, 22, 20),
        arrived_at=local(2025, 11, 4, 23, 10),
        closed_at=local(2025, 11, 6, 9, 0),
        status="closed",
        outcome="engaged",
        status_changed_at=local(2025, 11, 6, 9, 0),
    )
    rows["r2"] = ref(
        person=b,
        encounter=rows["e3"],
        sent_at=local(2025, 11, 5, 23, 40),
        status="declined",
        reason="No beds tonight, at capacity",
    )
    rows["r3"] = ref(
        person=a,
        encounter=rows["e5"],
        sent_at=local(2025, 11, 16, 23, 55),
        accepted_at=local(2025, 11, 17, 0, 5),
        arrived_at=local(2025, 11, 17, 2, 55),
        status="arrived",
    )
    rows["r4"] = ref(person=a, mode="logged", status="logged", sent_at=local(2025, 11, 10, 12, 0))
    rows["r5"] = ref(
        person=b, status="declined", reason="Not eligible (age)", sent_at=local(2025, 11, 12, 9, 0)
    )
    rows["r6"] = ref(person=b, sent_at=local(2025, 11, 17, 0, 30))  # out

    fu = partial(FollowUpFactory, owner=responder, team=team)
    fu(referral=rows["r1"], due_at=local(2025, 11, 5, 10, 0), done_at=local(2025, 11, 5, 9, 0))
    fu(referral=rows["r3"], due_at=local(2025, 11, 15, 10, 0), done_at=local(2025, 11, 16, 10, 0))
    fu(
        referral=rows["r5"],
        due_at=local(2025, 11, 12, 10, 0),
        cancelled_at=local(2025, 11, 12, 11, 0),
    )
    fu(referral=rows["r4"], due_at=local(2025, 11, 14, 10, 0))
    fu(
        referral=rows["r6"], due_at=local(2025, 11, 20, 10, 0), done_at=local(2025, 11, 20, 9, 0)
    )  # out
    rows["persons"] = (a, b)
    rows["team"] = team
    return rows
