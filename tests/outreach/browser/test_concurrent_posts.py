"""Issue item 4: the same id POSTed by two OS processes at the same moment (alone or in a batch) ends as one record."""

import json
import multiprocessing
import uuid

import pytest
from django.test import Client

from outreach.models import Encounter, Person
from staff.models import Role
from tests.factories import TeamFactory, encounter_json, staff
from tests.outreach.browser._poster import post_all

pytestmark = pytest.mark.django_db(transaction=True)

CSRF = "a" * 32


SAME, CONFLICTING = 15, 5


def race_bodies():
    """Encounters for two phones: the same content for the first SAME, edited for the rest."""
    a, b = [], []
    for i in range(SAME + CONFLICTING):
        body = encounter_json(notes=f"race {i}", person={"alias": f"Racer {i}"})
        a.append(body)
        b.append(dict(body, notes=f"race {i} (edited)") if i >= SAME else body)
    return a, b


def post_together(live_server, bodies_a, bodies_b):
    """Each list of bodies POSTed by its own OS process, the n-th of both at the same moment."""
    user = staff(Role.RESPONDER, team=TeamFactory(name="Race"))
    client = Client()
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}; csrftoken={CSRF}"
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    results = ctx.Queue()
    url = live_server.url + "/api/encounters"
    procs = [
        ctx.Process(
            target=post_all,
            args=(
                url,
                cookie,
                CSRF,
                [json.dumps(b).encode() for b in bodies],
                barrier,
                results,
                name,
            ),
        )
        for name, bodies in (("a", bodies_a), ("b", bodies_b))
    ]
    for p in procs:
        p.start()
    got = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    return got


def test_two_processes_same_id_one_record(live_server):
    bodies_a, bodies_b = race_bodies()
    ids = [body["id"] for body in bodies_a]
    got = post_together(live_server, bodies_a, bodies_b)

    for i, _encounter_id in enumerate(ids):
        statuses = sorted([got["a"][i][0], got["b"][i][0]])
        expected = [200, 201] if i < SAME else [201, 409]
        assert statuses == expected, (i, statuses)
    assert Encounter.objects.count() == len(ids)
    assert sorted(str(pk) for pk in Encounter.objects.values_list("pk", flat=True)) == sorted(ids)
    assert Person.objects.count() == len(ids)  # one alias person per encounter, never two
    for i in range(SAME, len(ids)):
        stored = Encounter.objects.get(pk=uuid.UUID(ids[i]))
        winner = "a" if got["a"][i][0] == 201 else "b"
        assert stored.notes == (f"race {i}" if winner == "a" else f"race {i} (edited)")
    times = sorted(ms for name in "ab" for _status, ms, _answer in got[name])
    print(
        f"\nRACE pairs={len(ids)} records={Encounter.objects.count()} duplicates=0 "
        f"post_ms_median={times[len(times) // 2]:.0f} max={times[-1]:.0f}"
    )


def test_two_processes_same_batch_one_record_each(live_server):
    """Two phones send the same backlog as one batch each, at the same moment."""
    batch_a, batch_b = race_bodies()
    ids = [body["id"] for body in batch_a]
    got = post_together(live_server, [batch_a], [batch_b])
    answers = {}
    for name in "ab":
        status, _ms, answer = got[name][0]
        assert status == 200, answer[:300]
        results = json.loads(answer)["results"]
        assert [r["id"] for r in results] == ids
        answers[name] = [r["status"] for r in results]
    for i in range(len(ids)):
        statuses = sorted([answers["a"][i], answers["b"][i]])
        assert statuses == ([200, 201] if i < SAME else [201, 409]), (i, statuses)
    assert sorted(str(pk) for pk in Encounter.objects.values_list("pk", flat=True)) == sorted(ids)
    assert Person.objects.count() == len(ids)
    for i in range(SAME, len(ids)):
        winner = "a" if answers["a"][i] == 201 else "b"
        stored = Encounter.objects.get(pk=uuid.UUID(ids[i]))
        assert stored.notes == (f"race {i}" if winner == "a" else f"race {i} (edited)")
