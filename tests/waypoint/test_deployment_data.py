"""A deployment carries the data it runs on: nothing is read from ../shared once the clone is copied alone.

The project is copied to a folder with no ``shared`` beside it and asked, in a fresh process with
the default settings, what a server asks at run time: validate HSDS records, name the
neighbourhood of a point, load the place gazetteer. An audit hook records every file opened.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LEFT_BEHIND = {
    ".git",
    ".venv",
    "node_modules",
    "media",
    "staticfiles",
    ".es",
    ".hypothesis",
    "__pycache__",
}

PROBE = r"""
import json, os, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)) else None)
import django
django.setup()
from directory.hsds.checks import record_problems
from geo import neighbourhood_at
from search.geocode import gazetteer

example = json.loads(sys.stdin.read())
broken = dict(example, id="not-a-uuid")
print(json.dumps({
    "example": record_problems(example),
    "broken": record_problems(broken),
    "downtown": neighbourhood_at(41.7658, -72.6734),
    "places": len(gazetteer().names),
    "opened": [os.fsdecode(p) for p in opened if "shared" in os.fsdecode(p)],
    "read": [os.fsdecode(p) for p in opened if os.fsdecode(p).endswith(".json")],
}))
"""


def test_a_copied_clone_runs_without_shared(tmp_path):
    copy = tmp_path / "waypoint"
    shutil.copytree(
        ROOT,
        copy,
        ignore=lambda folder, names: [
            n for n in names if n in LEFT_BEHIND or n.endswith(".sqlite3")
        ],
    )
    assert not (tmp_path / "shared").exists()
    example = json.loads(
        (settings.SHARED_DIR / "hsds" / "examples-3.0" / "service_full.json").read_text()
    )
    # The official example sits at latitude 100; put it downtown.
    for place in [sal["location"] for sal in example["service_at_locations"]] + example[
        "organization"
    ]["locations"]:
        place.update(latitude=41.7658, longitude=-72.6734)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "WAYPOINT_", "HSDS_", "DATABASE_URL"))
    }
    env.update(DJANGO_SETTINGS_MODULE="waypoint.settings.dev", DEBUG="1")
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=copy,
        env=env,
        input=json.dumps(example),
        text=True,
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["example"] == []
    assert any(field == "id" for field, _message in answer["broken"]), answer["broken"]
    assert answer["downtown"] == "Downtown"
    assert answer["places"] > 0
    outside = (str(settings.SHARED_DIR.resolve()), str(tmp_path / "shared"))
    assert [p for p in answer["opened"] if os.path.abspath(p).startswith(outside)] == []
    assert any(p.startswith(str(copy)) and p.endswith(".json") for p in answer["read"]), (
        "the probe read no data"
    )
