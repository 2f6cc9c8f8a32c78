"""A realistic last fortnight for the demo: synthetic people, contacts, screenings, cases and
referrals, all written through the apps' own services so they look exactly like real work.

Shapes (aliases, need mixes, hours, neighbourhoods) are data in ``demo/data/activity.json`` and
``demo/data/aliases.json``. Every id is derived from an index, and a row that exists is left as it
is, so a second run changes nothing.
"""

import json
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from assessment.services import screening_create
from cases.services import case_open, plan_step_add
from demo.referrals import NAMESPACE, aliases, referrals_seed
from geo import map_areas, neighbourhood_at
from outreach.forms import EncounterForm
from outreach.models import Encounter, Person
from outreach.services import encounter_create

ACTIVITY_FILE = Path(__file__).resolve().parent / "data" / "activity.json"
DAYS = 14
SEED = 11
ASQ_NEGATIVE = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
ASQ_POSITIVE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
ASQ_ACUTE = {"q1": "yes", "q2": "yes", "q3": "yes", "q4": "no", "q5": "yes"}


@dataclass
class Seeded:
    people: int = 0
    contacts: int = 0
    screenings: int = 0
    cases: int = 0
    referrals: int = 0


def _id(kind: str, i: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"fortnight-{kind}-{i}")


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def point_in(name: str, rng: random.Random) -> tuple[float, float]:
    """A point inside the named neighbourhood: drawn in its outline's box until geo agrees."""
    area = next(a for a in map_areas() if a["name"] == name)
    xs = [x for ring in area["rings"] for x, _y in ring]
    ys = [y for ring in area["rings"] for _x, y in ring]
    while True:
        lat, lng = rng.uniform(min(ys), max(ys)), rng.uniform(min(xs), max(xs))
        if neighbourhood_at(lat, lng) == name:
            return round(lat, 5), round(lng, 5)


def _occurred(rng: random.Random, hour_weights: list[int], now: datetime) -> datetime:
    """A moment in the last fortnight, at an hour as busy as the team's day and night."""
    hour = rng.choices(range(24), weights=hour_weights)[0]
    day = timezone.localdate(now) - timedelta(days=rng.randrange(DAYS - 1))
    at = timezone.make_aware(datetime(day.year, day.month, day.day, hour, rng.randrange(60)))
    return at - timedelta(days=1) if at > now else at


def fortnight_seed(*, responders: list, services: list, now=None, scale: float = 1.0) -> Seeded:
    """The last ``DAYS`` days up to ``now`` by the demo ``responders`` (each person belongs to a
    responder's team); ``scale`` shrinks the numbers (the tests use a small fortnight)."""
    now = now or timezone.now()
    shape = json.loads(ACTIVITY_FILE.read_text(encoding="utf-8"))
    names = aliases()
    done = Seeded()

    people = []  # (person, the responder whose team it belongs to)
    for i in range(max(2, round(len(names) * scale))):
        responder = responders[i % len(responders)]
        person, created = Person.objects.get_or_create(
            pk=_id("person", i),
            defaults={
                "alias": names[i % len(names)],
                "descriptors": shape["descriptors"][i % len(shape["descriptors"])],
                "created_by_team": responder.staff_profile.team,
                "created_by": responder,
            },
        )
        people.append((person, responder))
        done.people += created

    team_people = {r.pk: [p for p, owner in people if owner == r] for r in responders}
    regulars = max(1, round(len(people) * shape["regulars_share"]))
    contacts = []  # (encounter, its person or None, its responder)
    for i in range(round(120 * scale)):
        rng = random.Random(f"{SEED}-contact-{i}")
        # Everyone is met once; after that the team keeps meeting its regulars, and some
        # contacts are with someone who gave no name.
        person, responder = people[i if i < len(people) else rng.randrange(regulars)]
        if i >= len(people) and rng.random() < shape["anonymous_share"]:
            person = None
        encounter_id = _id("contact", i)
        encounter = Encounter.objects.filter(pk=encounter_id).first()
        if encounter is None:
            encounter = _contact(encounter_id, rng, shape, now, person, responder, i)
            done.contacts += 1
        contacts.append((encounter, person, responder))

    done.screenings = _screenings(contacts, shape["screenings"], scale)
    done.cases = _cases(people, shape["cases"], contacts)
    done.referrals = referrals_seed(
        count=max(1, round(shape["referrals"] * scale)),
        seed=SEED,
        now=now,
        days=DAYS - 1,
        responders=responders,
        services=services,
        person_for=lambda i, responder: team_people[responder.pk][
            i % len(team_people[responder.pk])
        ],
        label="fortnight-referral",
    )
    return done


def _contact(encounter_id, rng, shape, now, person, responder, i) -> Encounter:
    source = _pick(rng, shape["sources"])
    occurred = _occurred(rng, shape["hour_weights"], now)
    lat, lng = point_in(_pick(rng, shape["neighbourhoods"]), rng)
    needs = rng.choices(shape["needs"], weights=[n["weight"] for n in shape["needs"]])[0]
    data = {
        **EncounterForm.DEFAULTS,
        "id": encounter_id,
        "occurred_at": occurred,
        "source": source,
        "lat": lat,
        "lng": lng,
        "person_id": person.pk if person else None,
        "needs": needs["needs"],
        "disposition": _pick(rng, shape["dispositions"]),
        "notes": "demo contact (synthetic)",
    }
    if source == "dispatch":
        received = occurred - timedelta(minutes=rng.randint(12, 40))
        data |= {
            # A made-up CAD number in the city's year-sequence shape.
            "cad_incident": f"{occurred:%y}-{40000 + i:06d}",
            "call_received_at": received,
            "dispatched_at": received + timedelta(minutes=rng.randint(1, 5)),
            "on_scene_at": occurred,
            "cleared_at": occurred + timedelta(minutes=rng.randint(20, 75)),
        }
    encounter, _created = encounter_create(user=responder, data=data)
    return encounter


def _screenings(contacts, shape: dict, scale: float) -> int:
    """ASQ screens at contacts about mental health: mostly negative, a few positive, one acute."""
    plan = (
        [(ASQ_ACUTE, shape["acute_actions"])]
        + [(ASQ_POSITIVE, ["resources_given", "referred"])]
        * max(1, round(shape["positive"] * scale))
        + [(ASQ_NEGATIVE, [])] * max(1, round(shape["negative"] * scale))
    )
    eligible = [(e, p, r) for e, p, r in contacts if p is not None and "mental_health" in e.needs]
    created = 0
    for i, ((answers, actions), (encounter, person, responder)) in enumerate(zip(plan, eligible)):
        _screening, was_created = screening_create(
            user=responder,
            data={
                "id": _id("screening", i),
                "occurred_at": encounter.occurred_at + timedelta(minutes=10),
                "instrument": "asq",
                "answers": answers,
                "person_id": person.pk,
                "encounter_id": encounter.pk,
                "actions": actions,
            },
        )
        created += was_created
    return created


def _cases(people, shape: list[dict], contacts) -> int:
    """A few people's cases with their plan steps (the steps only when the case is new)."""
    created = 0
    for (person, responder), case_shape in zip(people, shape):
        first = next((e for e, p, _r in contacts if p == person), None)
        case, was_created = case_open(user=responder, person_id=person.pk, encounter=first)
        if not was_created:
            continue
        created += 1
        for code in case_shape["steps"]:
            plan_step_add(user=responder, case=case, common=code)
    return created
