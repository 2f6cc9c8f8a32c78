"""The HSDS tabular format: a CSV data package (``datapackage.json`` and one CSV per table).

Reading puts each row of ``services.csv`` together with the rows that belong to it, into the
nested service record the importer takes (as ``GET /services/{id}`` returns it); writing takes
the exporter's records apart into the tables again. ``NESTING`` says how, as data. Columns the
descriptor does not name (extension keys) are read as given and written back, declared in the
written ``datapackage.json``. Rows that belong to no service are named in the import report.
"""

import csv
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from directory import models as d

from .plan import STRUCTURE
from .reader import FileProblem

DATAPACKAGE = "datapackage.json"
DESCRIPTORS = Path(__file__).resolve().parent / "datapackage"
# Tables HSDS 3.0 lacks, taken from the 3.1-dev descriptor (bed counts; additional URLs).
FROM_31 = ("service_capacity", "unit", "url")

NO_DESCRIPTOR = "cannot read datapackage.json: {reason}"
NO_SERVICES = "the package has no service table (services.csv)"
NO_ID_COLUMN = "{file} has no id column"
BAD_CSV = "{file}: {reason}"
ORPHAN = "a {table} row that belongs to no service in the package: not imported"

# (parent table, key in the parent object, child table, column, where the column is): "child"
# when the child rows hold the parent's id (a list), "parent" when the parent row holds the
# child's id (one object).
NESTING = (
    ("service", "organization", "organization", "organization_id", "parent"),
    ("service", "program", "program", "program_id", "parent"),
    ("service", "service_at_locations", "service_at_location", "service_id", "child"),
    ("service", "phones", "phone", "service_id", "child"),
    ("service", "schedules", "schedule", "service_id", "child"),
    ("service", "service_areas", "service_area", "service_id", "child"),
    ("service", "languages", "language", "service_id", "child"),
    ("service", "funding", "funding", "service_id", "child"),
    ("service", "cost_options", "cost_option", "service_id", "child"),
    ("service", "required_documents", "required_document", "service_id", "child"),
    ("service", "contacts", "contact", "service_id", "child"),
    ("service", "attributes", "attribute", "link_id", "child"),
    ("service", "capacities", "service_capacity", "service_id", "child"),
    ("service", "additional_urls", "url", "service_id", "child"),
    ("organization", "funding", "funding", "organization_id", "child"),
    ("organization", "contacts", "contact", "organization_id", "child"),
    ("organization", "phones", "phone", "organization_id", "child"),
    ("organization", "locations", "location", "organization_id", "child"),
    ("organization", "programs", "program", "organization_id", "child"),
    (
        "organization",
        "organization_identifiers",
        "organization_identifier",
        "organization_id",
        "child",
    ),
    ("organization", "additional_websites", "url", "organization_id", "child"),
    ("service_at_location", "location", "location", "location_id", "parent"),
    ("service_at_location", "contacts", "contact", "service_at_location_id", "child"),
    ("service_at_location", "phones", "phone", "service_at_location_id", "child"),
    ("service_at_location", "schedules", "schedule", "service_at_location_id", "child"),
    ("location", "addresses", "address", "location_id", "child"),
    ("location", "accessibility", "accessibility", "location_id", "child"),
    ("location", "languages", "language", "location_id", "child"),
    ("location", "phones", "phone", "location_id", "child"),
    ("location", "contacts", "contact", "location_id", "child"),
    ("location", "schedules", "schedule", "location_id", "child"),
    ("contact", "phones", "phone", "contact_id", "child"),
    ("phone", "languages", "language", "phone_id", "child"),
    ("attribute", "taxonomy_term", "taxonomy_term", "taxonomy_term_id", "parent"),
    ("taxonomy_term", "taxonomy_detail", "taxonomy", "taxonomy_id", "parent"),
    ("service_capacity", "unit", "unit", "unit_id", "parent"),
)
# Any other record may carry these too; they are nested only where rows exist.
ANYWHERE = (("attributes", "attribute", "link_id"), ("metadata", "metadata", "resource_id"))
_INTEGER = re.compile(r"-?\d+")
# The table each modelled record comes from: its arrays are always given (an empty table means
# "none", so stale rows go), where other arrays are given only when rows exist.
TABLE_MODELS = {
    "service": d.ServicePage,
    "organization": d.OrganizationPage,
    "location": d.Location,
    "service_at_location": d.ServiceAtLocation,
    "contact": d.Contact,
    "phone": d.Phone,
}


def package_descriptor(path: Path) -> Path | None:
    """The ``datapackage.json`` that ``path`` is or holds, if any."""
    if path.is_file() and path.name == DATAPACKAGE:
        return path
    if path.is_dir() and (path / DATAPACKAGE).is_file():
        return path / DATAPACKAGE
    return None


def _typed(value: str, kind: str):
    """A CSV cell as the JSON value its column's type says; an empty cell is no value."""
    if value == "":
        return None
    try:
        if kind == "number":
            return int(value) if _INTEGER.fullmatch(value) else float(value)
        if kind == "integer":
            return int(value)
        if kind in ("object", "array"):
            return json.loads(value)
    except ValueError:
        return value  # as given: the schema check names it
    if kind == "boolean" and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


class Package:
    """The tables of a package, by name, with their rows indexed for putting records together."""

    def __init__(self, descriptor_path: Path):
        try:
            descriptor = json.loads(descriptor_path.read_text(encoding="utf-8-sig"))
            resources = descriptor["resources"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise FileProblem(_(NO_DESCRIPTOR).format(reason=exc)) from None
        self.rows, self.by_id, self.index, self.used = {}, {}, {}, set()
        for resource in resources:
            types = {
                f["name"]: f.get("type", "string")
                for f in resource.get("schema", {}).get("fields", [])
            }
            self.rows[resource["name"]] = self._read(
                descriptor_path.parent / resource["path"], types
            )
        if "service" not in self.rows:
            raise FileProblem(_(NO_SERVICES))
        for table, rows in self.rows.items():
            self.by_id[table] = {row.get("id"): row for row in rows}

    @staticmethod
    def _read(path: Path, types: dict) -> list[dict]:
        if not path.is_file():
            return []  # a table the producer left out holds nothing
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                if reader.fieldnames is None:
                    return []
                if "id" not in reader.fieldnames:
                    raise FileProblem(_(NO_ID_COLUMN).format(file=path.name))
                return [
                    {
                        k: v
                        for k, v in (
                            (k, _typed(v or "", types.get(k, "string")))
                            for k, v in row.items()
                            if k
                        )
                        if v is not None
                    }
                    for row in reader
                ]
        except (UnicodeDecodeError, csv.Error) as exc:
            raise FileProblem(_(BAD_CSV).format(file=path.name, reason=exc)) from None

    def children(self, table: str, column: str, parent_id) -> list[dict]:
        key = (table, column)
        if key not in self.index:
            self.index[key] = {}
            for row in self.rows.get(table, []):
                self.index[key].setdefault(row.get(column), []).append(row)
        return self.index[key].get(parent_id, [])

    def _implied(self, table: str, row: dict) -> set:
        """The row's link columns that nesting says (it sits under that parent, found in the package)."""
        return {
            column
            for parent, _key, child, column, where in NESTING
            if child == table and where == "child" and row.get(column) in self.by_id.get(parent, {})
        } | {column for _key, child, column in ANYWHERE if child == table and column in row}

    def record(self, table: str, row: dict, above: tuple = ()) -> dict:
        """``row`` with everything that belongs to it nested, as the API form has it; link columns
        that the nesting says are left out."""
        self.used.add((table, row.get("id")))
        implied = self._implied(table, row)
        out = {k: v for k, v in row.items() if k not in implied}
        above = above + (table,)
        for parent, key, child, column, where in NESTING:
            if parent != table or child in above or child not in self.rows:
                continue
            if where == "child":
                found = self.children(child, column, row.get("id"))
                if found or key in STRUCTURE.get(TABLE_MODELS.get(table), ()):
                    out[key] = [self.record(child, r, above) for r in found]
            elif row.get(column) in self.by_id[child]:
                out[key] = self.record(child, self.by_id[child][row[column]], above)
                if column not in STRUCTURE.get(TABLE_MODELS.get(table), ()):
                    out.pop(column, None)
        for key, child, column in ANYWHERE:
            if (
                key not in out
                and child in self.rows
                and child not in above
                and (found := self.children(child, column, row.get("id")))
            ):
                out[key] = [self.record(child, r, above) for r in found]
        return out

    def orphans(self) -> Iterator[tuple[str, str]]:
        for table, rows in self.rows.items():
            for row in rows:
                if (table, row.get("id")) not in self.used:
                    yield table, row.get("id")


def read_package(descriptor_path: Path, notes: list) -> Iterator[tuple[int, dict]]:
    """(index, service record) for each row of the package's services table; rows that belong
    to no service are added to ``notes`` as (row id, reason)."""
    package = Package(descriptor_path)
    for index, row in enumerate(package.rows["service"]):
        yield index, package.record("service", row)
    notes += [(row_id, _(ORPHAN).format(table=table)) for table, row_id in package.orphans()]


# ---- writing ----------------------------------------------------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def _kind(value) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "number" if isinstance(value, (int, float)) and not isinstance(value, bool) else "string"


class Tables:
    """Rows by table and id, filled from nested records; a row met twice gains its other links."""

    def __init__(self):
        self.rows: dict[str, dict] = {}
        self.kinds: dict[
            tuple[str, str], str
        ] = {}  # (table, column) → type of a column not in the descriptor

    def add(self, table: str, obj: dict, link: tuple[str, str] | None = None) -> None:
        row = self.rows.setdefault(table, {}).setdefault(obj.get("id"), {})
        if link is not None:
            row[link[0]] = link[1]
        relations = {
            key: (child, column, where)
            for parent, key, child, column, where in NESTING
            if parent == table
        }
        relations.update(
            {
                key: (child, column, "child")
                for key, child, column in ANYWHERE
                if key not in relations
            }
        )
        for key, value in obj.items():
            child, column, where = relations.get(key, (None, None, None))
            if (
                where == "child"
                and isinstance(value, list)
                and all(isinstance(v, dict) and "id" in v for v in value)
            ):
                for item in value:
                    self.add(child, item, (column, obj.get("id")))
            elif where == "parent" and isinstance(value, dict) and "id" in value:
                row[column] = value["id"]
                self.add(child, value)
            elif value is not None:
                row.setdefault(key, value)
                self.kinds.setdefault((table, key), _kind(value))


def _descriptors() -> tuple[dict, dict]:
    def read(name):
        return json.loads((DESCRIPTORS / name).read_text(encoding="utf-8"))

    return read("datapackage-3.0.json"), {
        r["name"]: r for r in read("datapackage-3.1-dev.json")["resources"]
    }


def _write_csv(path: Path, resource: dict, tables: Tables) -> None:
    """One table, its columns the descriptor's and then any others its rows hold (declared)."""
    fields = resource["schema"]["fields"]
    rows = tables.rows.get(resource["name"], {})
    extra = sorted({key for row in rows.values() for key in row} - {f["name"] for f in fields})
    resource["schema"]["fields"] = fields + [
        {"name": key, "type": tables.kinds.get((resource["name"], key), "string")} for key in extra
    ]
    columns = [f["name"] for f in resource["schema"]["fields"]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows.values():
            writer.writerow([_cell(row.get(column)) for column in columns])


def write_package(records: Iterable[dict], outdir: Path) -> tuple[list[Path], int]:
    """Write ``records`` as a CSV data package in ``outdir``: every table of the 3.0 descriptor
    (and the 3.1 ones used), then ``datapackage.json``. Temporary files are renamed at the end,
    so that a failed export leaves nothing half written. Returns the files and the record count."""
    tables = Tables()
    count = 0
    for record in records:
        tables.add("service", record)
        count += 1
    descriptor, dev = _descriptors()
    descriptor["resources"] = list(descriptor["resources"]) + [
        dev[name] for name in FROM_31 if name in tables.rows
    ]
    pending = []
    try:
        for resource in descriptor["resources"]:
            pending.append((outdir / f".{resource['path']}.tmp", outdir / resource["path"]))
            _write_csv(pending[-1][0], resource, tables)
        pending.append((outdir / f".{DATAPACKAGE}.tmp", outdir / DATAPACKAGE))
        pending[-1][0].write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    except BaseException:
        for tmp, _target in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in pending:
        tmp.replace(target)
    return [target for _tmp, target in pending], count
