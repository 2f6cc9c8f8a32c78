"""Read queries of the outreach log, always scoped to what the asking staff member may see.

Other parts (referrals) add to the person card and timeline through two Wagtail hooks, so this
module needs no change when they arrive:

``@hooks.register("outreach_person_card")``
    ``fn(person, user) -> dict`` with any of the keys ``last_referral`` (a dict with ``label``,
    ``status``, ``at``, ``url``), ``open_follow_ups`` (a list of dicts with ``label``, ``due``,
    ``url``) and ``sections`` (a list of ``{"title", "items"}``).
``@hooks.register("outreach_person_timeline")``
    ``fn(person, user) -> iterable of TimelineItem`` (or dicts with the same keys).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from django.db.models import Max, Prefetch, Q, QuerySet
from django.urls import reverse
from wagtail import hooks

from staff.models import Role, StaffProfile
from staff.roles import staff_role, staff_team

from .models import Encounter, Person, normalize_text

PERSON_CARD_HOOK = "outreach_person_card"
PERSON_TIMELINE_HOOK = "outreach_person_timeline"


# --- scoping -------------------------------------------------------------------------------------
def persons_visible_to(user) -> QuerySet[Person]:
    """People the user may read: a supervisor all, a responder their team's, anyone else nobody.

    A person is in a team's scope when the team created the record or logged any encounter with
    them. Merged-away records are left out (they redirect to the kept record).
    """
    role = staff_role(user)
    qs = Person.objects.active()
    if role == Role.SUPERVISOR:
        return qs
    if role == Role.RESPONDER:
        return qs.for_team(staff_team(user))
    return qs.none()


def encounters_visible_to(user) -> QuerySet[Encounter]:
    role = staff_role(user)
    if role == Role.SUPERVISOR:
        return Encounter.objects.all()
    if role == Role.RESPONDER:
        return Encounter.objects.for_team(staff_team(user))
    return Encounter.objects.none()


def as_uuid(value):
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def person_get(*, user, person_id) -> Person | None:
    """The person if the user may see it, following merges; None otherwise (callers answer 404)."""
    pid = as_uuid(person_id)
    if pid is None:
        return None
    person = Person.objects.filter(pk=pid).first()
    seen = set()
    while person is not None and person.merged_into_id and person.pk not in seen:
        seen.add(person.pk)
        person = person.merged_into
    if person is None:
        return None
    return persons_visible_to(user).filter(pk=person.pk).first()


def encounter_get(*, user, encounter_id) -> Encounter | None:
    eid = as_uuid(encounter_id)
    if eid is None:
        return None
    return encounters_visible_to(user).with_related().filter(pk=eid).first()


def team_member_list(*, user) -> QuerySet:
    """Who the user may name as team members on scene: the active members of their own team
    (themselves alone without one). The quick log and POST /api/encounters both offer only these."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    team = staff_team(user)
    if team is None:
        return users.filter(pk=user.pk)
    return users.filter(pk__in=StaffProfile.objects.filter(team=team).values("user"))


# --- lists ---------------------------------------------------------------------------------------
def person_recent_list(*, user, limit: int = 8) -> list[Person]:
    """People the user's team met most recently (one tap away on the quick log)."""
    team = staff_team(user)
    if staff_role(user) == Role.SUPERVISOR and team is None:
        encounters = Encounter.objects.filter(responder=user)
    else:
        encounters = encounters_visible_to(user)
    recent = (
        encounters.filter(person__isnull=False, person__merged_into__isnull=True)
        .values("person")
        .annotate(last=Max("occurred_at"))
        .order_by("-last")[:limit]
    )
    ids = [row["person"] for row in recent]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids)}
    return [people[i] for i in ids if i in people]


def person_search(*, user, query: str, limit: int = 20) -> list[Person]:
    """People whose name, alias or descriptors match ``query``, forgiving typos.

    Every query word must match some word of the person's text: exactly, as a prefix, or with a
    similarity of at least 0.75 (one or two letters off: "jonny" finds "Johnny", "bakpack" finds
    "backpack"). Ranked by how well the words match. Runs in Python over the user's scope,
    which is a caseload (thousands at most), the same on SQLite and PostgreSQL.
    """
    words = normalize_text(query).split()
    if not words:
        return []
    scored = []
    for person in persons_visible_to(user).only(
        "id",
        "name",
        "alias",
        "descriptors",
        "search_text",
        "updated_at",
        "hazard_note",
        "date_of_birth",
    ):
        tokens = person.search_text.split()
        if not tokens:
            continue
        total = 0.0
        for word in words:
            best = 0.0
            for token in tokens:
                if token == word:
                    best = 1.0
                    break
                if token.startswith(word) and len(word) >= 2:
                    best = max(best, 0.95)
                    continue
                matcher = SequenceMatcher(None, word, token)
                if matcher.real_quick_ratio() < 0.75 or matcher.quick_ratio() < 0.75:
                    continue
                best = max(best, matcher.ratio())
            if best < 0.75:
                break
            total += best
        else:
            scored.append((total / len(words), person.updated_at, person))
    scored.sort(key=lambda row: (-row[0], -row[1].timestamp()))
    return [person for _score, _at, person in scored[:limit]]


def person_encounter_list(*, user, person: Person) -> QuerySet[Encounter]:
    return encounters_visible_to(user).filter(person=person).with_related().order_by("-occurred_at")


# --- card and timeline -----------------------------------------------------------------------------
@dataclass
class TimelineItem:
    at: datetime
    kind: str  # "encounter", "referral", "follow_up", "merge", …
    title: str
    detail: str = ""
    url: str = ""
    status: str = ""
    obj: object = None


@dataclass
class PersonCard:
    person: Person
    last_seen: Encounter | None = None
    encounter_count: int = 0
    last_referral: dict | None = None
    open_follow_ups: list = field(default_factory=list)
    sections: list = field(default_factory=list)

    @property
    def hazard_note(self):
        return self.person.hazard_note


def person_card_get(*, user, person: Person) -> PersonCard:
    """What a responder needs first on scene: hazard, last seen, last referral, open follow-ups."""
    encounters = encounters_visible_to(user).filter(person=person)
    card = PersonCard(
        person=person,
        last_seen=encounters.select_related("team").order_by("-occurred_at").first(),
        encounter_count=encounters.count(),
    )
    for fn in hooks.get_hooks(PERSON_CARD_HOOK):
        extra = fn(person, user) or {}
        if extra.get("last_referral") and card.last_referral is None:
            card.last_referral = extra["last_referral"]
        card.open_follow_ups.extend(extra.get("open_follow_ups") or [])
        card.sections.extend(extra.get("sections") or [])
    return card


def person_timeline_list(*, user, person: Person) -> list[TimelineItem]:
    """Every encounter (and, through the hook, every referral) with the person, newest first."""
    items = [
        TimelineItem(
            at=e.occurred_at,
            kind="encounter",
            title=e.get_disposition_display(),
            detail=", ".join(str(label) for label in encounter_need_labels(e)),
            url=reverse("outreach:encounter_detail", args=[e.pk]),
            status=e.get_source_display(),
            obj=e,
        )
        for e in person_encounter_list(user=user, person=person)
    ]
    for fn in hooks.get_hooks(PERSON_TIMELINE_HOOK):
        for item in fn(person, user) or []:
            items.append(item if isinstance(item, TimelineItem) else TimelineItem(**item))
    items.sort(key=lambda item: item.at, reverse=True)
    return items


def encounter_need_labels(encounter: Encounter) -> list[str]:
    from .models import Need

    labels = dict(Need.choices)
    return [labels.get(code, code) for code in encounter.needs]


# --- the offline directory snapshot ------------------------------------------------------------------
def directory_snapshot() -> list[dict]:
    """Published services with what a responder needs offline: name, phone, address, hours, and
    Waypoint's category codes (the phone filters by them)."""
    from directory import phones
    from directory.models import ServiceClassification, ServicePage

    categories = ServiceClassification.objects.filter(
        kind=ServiceClassification.Kind.CATEGORY
    ).order_by("code")
    services = (
        ServicePage.objects.live()
        .exclude(status="defunct")
        .select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "service_at_locations__location__addresses",
            Prefetch("classifications", queryset=categories, to_attr="category_rows"),
        )
        .order_by("title")
    )
    out = []
    for s in services:
        phone = next((p for p in s.phones.all()), None)
        address = ""
        lat = lng = None
        for sal in s.service_at_locations.all():
            loc = sal.location
            lat, lng = loc.latitude, loc.longitude
            addr = next((a for a in loc.addresses.all()), None)
            if addr is not None:
                address = ", ".join(x for x in [addr.address_1, addr.address_2, addr.city] if x)
                break
        out.append(
            {
                "id": str(s.hsds_id),
                "name": s.title,
                "organization": s.organization.title if s.organization_id else "",
                "phone": (phone.e164 or phone.number) if phone else "",
                "phone_display": phones.display(phone.number) if phone else "",
                "address": address,
                "lat": lat,
                "lng": lng,
                "hours": _hours_summary(s),
                "status": s.status,
                "website": s.url or "",
                "categories": [c.code for c in s.category_rows],
            }
        )
    return out


def _hours_summary(service) -> str:
    parts = []
    for sch in service.schedules.all():
        if sch.description:
            parts.append(sch.description)
            continue
        days = (sch.byday or "").replace(",", " ")
        opens = sch.opens_at.strftime("%H:%M") if getattr(sch, "opens_at", None) else ""
        closes = sch.closes_at.strftime("%H:%M") if getattr(sch, "closes_at", None) else ""
        text = " ".join(x for x in [days, f"{opens}–{closes}" if opens or closes else ""] if x)
        if text:
            parts.append(text)
    return "; ".join(parts)[:200]


def persons_in_scope_q(user) -> Q:
    """A Q on Person for the user's scope (for joins from other models, e.g. referrals)."""
    return Q(pk__in=persons_visible_to(user).values("pk"))
