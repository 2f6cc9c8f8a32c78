"""Import HSDS 3.0 service records: validate every record, then store them by HSDS id.

All-or-nothing by default: the whole import is one transaction, rolled back when any record is
rejected. ``partial=True`` keeps the valid records (a savepoint per record, and per file so a
file that turns out to be broken JSON leaves nothing behind). Either way every rejected record
is reported as (file, record id, field, reason).
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from .checks import record_problems
from .plan import build_plan
from .reader import FileProblem, expand, read_records, services_of
from .writer import RecordError, write_plan

DUPLICATE_ID = "duplicate id: record {first} of {file} already has it"
NOT_STORED = "could not be stored: {reason}"


class Rejection(NamedTuple):
    file: str
    record_id: str | None  # None when the whole file is rejected
    field: str | None  # JSON path within the record, e.g. service_at_locations[0].location.latitude
    reason: str

    def __str__(self):
        where = self.file if self.record_id is None else f"{self.file}: record {self.record_id}"
        return f"{where}: {self.field}: {self.reason}" if self.field else f"{where}: {self.reason}"


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)  # stored as given, but worth a look
    unmodelled: Counter = field(default_factory=Counter)  # key path (organization.funding) → records keeping it
    files: list[str] = field(default_factory=list)
    records: int = 0  # records read, valid or not
    partial: bool = False
    rolled_back: bool = False  # all-or-nothing import with rejections: nothing was stored

    @property
    def ok(self) -> bool:
        return not self.rejected

    @property
    def rejected_records(self) -> int:
        return len({(r.file, r.record_id) for r in self.rejected})


@dataclass
class _Run:
    report: ImportReport
    partial: bool
    seen: dict = field(default_factory=dict)  # service id → (file, record label)
    organizations: set = field(default_factory=set)  # (id, digest) of organizations stored so far


def _record_id(record, index: int) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str) and record["id"]:
        return record["id"]
    return f"#{index + 1}"


def _organization_digest(record) -> tuple[str, str] | None:
    org = record.get("organization")
    if not isinstance(org, dict):
        return None
    return str(org.get("id")).lower(), hashlib.sha1(json.dumps(org, sort_keys=True, default=str).encode()).hexdigest()


def _store(run: "_Run", record, source: str, record_id: str) -> tuple[bool | None, list]:
    """(created?, problems) for one record; nothing is written when there are problems."""
    problems = record_problems(record)
    if problems:
        return None, problems
    digest = _organization_digest(record)
    plan = build_plan(record, organization_done=digest is not None and digest in run.organizations)
    if plan.problems:
        return None, plan.problems
    run.report.warnings += [Rejection(source, record_id, path or None, reason) for path, reason in plan.warnings]
    run.report.unmodelled.update(set(plan.unmodelled))
    try:
        with transaction.atomic():
            created = write_plan(plan)
        if digest is not None:
            run.organizations.add(digest)
        return created, []
    except RecordError as exc:
        return None, exc.problems
    except ValidationError as exc:
        return None, [(key if key != "__all__" else "", " ".join(msgs)) for key, msgs in exc.message_dict.items()]
    except DatabaseError as exc:  # a constraint the checks missed: reported, never a traceback
        return None, [("", _(NOT_STORED).format(reason=str(exc).splitlines()[0][:300]))]


def _import_stream(run: _Run, records: Iterable[tuple[int, object]], source: str) -> tuple[int, int]:
    created = updated = 0
    for index, record in records:
        run.report.records += 1
        record_id = _record_id(record, index)
        problems = []
        key = record_id.lower() if not record_id.startswith("#") else None
        if key is not None and key in run.seen:
            first_file, first_label = run.seen[key]
            problems = [("id", _(DUPLICATE_ID).format(first=first_label, file=first_file))]
        else:
            if key is not None:
                run.seen[key] = (source, f"#{index + 1}")
            is_new, problems = _store(run, record, source, record_id)
        if problems:
            run.report.rejected += [Rejection(source, record_id, path or None, reason) for path, reason in problems]
        elif is_new:
            created += 1
        else:
            updated += 1
    return created, updated


def _import_source(run: _Run, records_factory, source: str) -> None:
    """One file (or in-memory list) inside its own savepoint."""
    run.report.files.append(source)
    try:
        with transaction.atomic():
            created, updated = _import_stream(run, records_factory(), source)
    except FileProblem as exc:
        run.report.rejected.append(Rejection(source, None, None, str(exc)))
        run.organizations.clear()  # the file's savepoint took them back
        return
    run.report.created += created
    run.report.updated += updated


def _finish(run: _Run) -> ImportReport:
    report = run.report
    if report.rejected and not run.partial:
        transaction.set_rollback(True)
        report.rolled_back = True
        report.created = report.updated = 0
    return report


def _quietly():
    """Skip Wagtail's reference index while importing: imported pages reference nothing but their
    parent organization, and updating it doubled the import time. ``rebuild_references_index``
    fills it in when wanted."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    return disable_reference_index_auto_update()


def import_paths(paths: list[Path], *, partial: bool = False) -> ImportReport:
    """Import HSDS files (lists of full service objects) or folders of them."""
    run = _Run(report=ImportReport(partial=partial), partial=partial)
    with _quietly(), transaction.atomic():
        for path, problem in expand(paths):
            if problem:
                run.report.rejected.append(Rejection(str(path), None, None, problem))
                continue
            _import_source(run, lambda p=path: read_records(p), str(path))
        return _finish(run)


def import_records(records: list[dict], *, source: str = "<memory>", partial: bool = False) -> ImportReport:
    """Import service records already in memory (tests, the demo loader)."""
    run = _Run(report=ImportReport(partial=partial), partial=partial)
    with _quietly(), transaction.atomic():
        _import_source(run, lambda: enumerate(r for item in records for r in services_of(item)), source)
        return _finish(run)
