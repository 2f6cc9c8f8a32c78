"""Import HSDS 3.0 service records: validate every record, then store them by HSDS id.

All-or-nothing by default: the whole import is one transaction, rolled back when any record is
rejected. ``partial=True`` keeps the valid records (a savepoint per group of records written
together, redone record by record when it fails, and one per file so a file that turns out to
be broken JSON leaves nothing behind). Either way every rejected record is reported as (file,
record id, field, reason).

Records are read in batches. A record whose digest equals the one stored with its service
(``ServicePage.hsds_hash``) is skipped: nothing about it changed since it was written. The rest
are checked one by one and their plans merged, so that a batch costs a few dozen queries rather
than a few dozen per record.
"""

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from directory import models as d
from directory.tasks import hsds_import_reindex

from .checks import record_problems
from .fields import as_uuid
from .plan import Plan, build_plan, merge
from .reader import FileProblem, expand, read_records, services_of
from .tabular import DATAPACKAGE, read_package
from .writer import RecordError, write_plan

DUPLICATE_ID = "duplicate id: record {first} of {file} already has it"
# Records read, checked and written together; a batch's records are written in a few merged plans.
BATCH = 200
# Part of each record's digest: bump it when the importer writes a record differently, so that
# the next import writes every record again instead of skipping it as unchanged.
IMPORT_VERSION = "1"
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
    unchanged: int = 0  # stored exactly as given already: skipped
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[Rejection] = field(default_factory=list)  # stored as given, but worth a look
    unmodelled: Counter = field(
        default_factory=Counter
    )  # key path (organization.funding) → records keeping it
    files: list[str] = field(default_factory=list)
    records: int = 0  # records read, valid or not
    partial: bool = False
    rolled_back: bool = False  # all-or-nothing import with rejections: nothing was stored
    service_page_ids: list[int] = field(default_factory=list)  # the services it wrote

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
    written: set = field(
        default_factory=set
    )  # pks of the service pages written, to index afterwards


def _record_id(record, index: int) -> str:
    if isinstance(record, dict) and isinstance(record.get("id"), str) and record["id"]:
        return record["id"]
    return f"#{index + 1}"


def _organization_digest(record) -> tuple[str, str] | None:
    org = record.get("organization")
    if not isinstance(org, dict):
        return None
    return str(org.get("id")).lower(), hashlib.sha1(
        json.dumps(org, sort_keys=True, default=str).encode()
    ).hexdigest()


def record_digest(record) -> str:
    """The record as given, digested (with the importer's version): equal digests, same writes."""
    text = json.dumps(
        record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )
    return hashlib.sha256(f"{IMPORT_VERSION}\n{text}".encode()).hexdigest()


@dataclass
class _Checked:
    """A record that passed every check, waiting in its batch to be written."""

    record: dict
    record_id: str
    plan: Plan
    organization: tuple[str, str] | None  # the embedded organization's (id, digest)


def _problems_of(exc) -> list:
    if isinstance(exc, RecordError):
        return exc.problems
    if isinstance(exc, ValidationError):
        return [
            (key if key != "__all__" else "", " ".join(msgs))
            for key, msgs in exc.message_dict.items()
        ]
    return [
        ("", _(NOT_STORED).format(reason=str(exc).splitlines()[0][:300]))
    ]  # a constraint the checks missed


def _write_one(run: _Run, item: _Checked) -> tuple[bool | None, list]:
    """(created?, problems) for one record written alone, in its own savepoint."""
    plan = build_plan(item.record, organization_done=item.organization in run.organizations)
    plan.hashes = item.plan.hashes
    try:
        with transaction.atomic():
            written = write_plan(plan)
    except (RecordError, ValidationError, DatabaseError) as exc:
        return None, _problems_of(exc)
    run.written |= {pk for pk, _created in written.values()}
    created = any(created for _pk, created in written.values())
    if item.organization is not None:
        run.organizations.add(item.organization)
    return created, []


def _write_group(run: _Run, plan: Plan, items: list[_Checked], source: str) -> tuple[int, int]:
    """Write the merged plan of ``items`` at once; if that fails, each record alone, so that
    every problem is put down to its own record. (created, updated)."""
    try:
        with transaction.atomic():
            written = write_plan(plan)
    except (RecordError, ValidationError, DatabaseError):
        created = updated = 0
        for item in items:
            is_new, problems = _write_one(run, item)
            run.report.rejected += [
                Rejection(source, item.record_id, p or None, r) for p, r in problems
            ]
            created += is_new is True
            updated += is_new is False
        return created, updated
    run.organizations |= {item.organization for item in items if item.organization is not None}
    run.written |= {pk for pk, _created in written.values()}
    created = sum(1 for item in items if any(written[key][1] for key in item.plan.services))
    return created, len(items) - created


def _check(run: _Run, record, source: str, record_id: str, planned: set) -> _Checked | list:
    """The record checked and planned, or its problems (``planned``: the organizations this
    batch writes, beside those already stored)."""
    problems = record_problems(record)
    if problems:
        return problems
    organization = _organization_digest(record)
    done = organization in run.organizations or organization in planned
    plan = build_plan(record, organization_done=organization is not None and done)
    if plan.problems:
        return plan.problems
    run.report.warnings += [
        Rejection(source, record_id, path or None, reason) for path, reason in plan.warnings
    ]
    run.report.unmodelled.update(set(plan.unmodelled))
    if organization is not None:
        planned.add(organization)
    return _Checked(record, record_id, plan, organization)


def _stored_digests(batch) -> dict:
    ids = {as_uuid(r.get("id")) for _i, r in batch if isinstance(r, dict)} - {None}
    return {
        str(k): v
        for k, v in d.ServicePage.objects.filter(hsds_id__in=ids).values_list(
            "hsds_id", "hsds_hash"
        )
    }


def _import_batch(run: _Run, batch: list, source: str) -> tuple[int, int]:
    """Check a batch of records, skip those stored unchanged, write the rest in merged groups."""
    stored = _stored_digests(batch)
    planned = set()  # organizations this batch writes before the records that follow
    checked = []
    for index, record in batch:
        run.report.records += 1
        record_id = _record_id(record, index)
        key = record_id.lower() if not record_id.startswith("#") else None
        if key is not None and key in run.seen:
            first_file, first_label = run.seen[key]
            problems = [("id", _(DUPLICATE_ID).format(first=first_label, file=first_file))]
        else:
            if key is not None:
                run.seen[key] = (source, f"#{index + 1}")
            digest = record_digest(record)
            if key is not None and stored.get(str(as_uuid(key))) == digest:
                run.report.unchanged += 1
                continue
            outcome = _check(run, record, source, record_id, planned)
            if isinstance(outcome, _Checked):
                outcome.plan.hashes = dict.fromkeys(outcome.plan.services, digest)
                checked.append(outcome)
                continue
            problems = outcome
        run.report.rejected += [
            Rejection(source, record_id, path or None, reason) for path, reason in problems
        ]
    created = updated = 0
    group, items = Plan(), []
    for item in checked + [None]:
        if item is not None and merge(group, item.plan):
            items.append(item)
            continue
        if items:
            new, changed = _write_group(run, group, items, source)
            created, updated = created + new, updated + changed
        if item is not None:
            group, items = Plan(), [item]
            merge(group, item.plan)
    return created, updated


def _import_stream(
    run: _Run, records: Iterable[tuple[int, object]], source: str
) -> tuple[int, int]:
    created = updated = 0
    records = iter(records)
    while batch := list(islice(records, BATCH)):
        new, changed = _import_batch(run, batch, source)
        created, updated = created + new, updated + changed
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


def _import_package(run: _Run, path: Path) -> None:
    """A CSV data package: its service records, and a warning for each row that none holds."""
    notes = []
    _import_source(run, lambda: read_package(path, notes), str(path))
    run.report.warnings += [Rejection(str(path), row_id, None, reason) for row_id, reason in notes]


def _finish(run: _Run) -> ImportReport:
    report = run.report
    if report.rejected and not run.partial:
        transaction.set_rollback(True)
        report.rolled_back = True
        report.created = report.updated = report.unchanged = 0
    elif run.written:
        # One task for the whole import, once it is committed (never for a rolled-back one).
        written = sorted(run.written)
        report.service_page_ids = written
        transaction.on_commit(lambda: hsds_import_reindex.enqueue(written))
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
            if path.name == DATAPACKAGE:
                _import_package(run, path)
            else:
                _import_source(run, lambda p=path: read_records(p), str(path))
        return _finish(run)


def import_records(
    records: list[dict], *, source: str = "<memory>", partial: bool = False
) -> ImportReport:
    """Import service records already in memory (tests, the demo loader)."""
    run = _Run(report=ImportReport(partial=partial), partial=partial)
    with _quietly(), transaction.atomic():
        _import_source(
            run, lambda: enumerate(r for item in records for r in services_of(item)), source
        )
        return _finish(run)
