"""Export every published service as HSDS 3.0, validated against the same schema as imports:
``services.json``, or the tabular form (a CSV data package, ``tabular.write_package``)."""

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.utils.translation import gettext as _

from .checks import record_problems
from .serialize import serialize_service, service_queryset
from .tabular import DATAPACKAGE, write_package

INVALID_EXPORT = "service {id}: {field}: {reason}"
CHUNK = 200


class ExportError(Exception):
    """The export would not validate; nothing was written."""


def exported_services() -> Iterator[dict]:
    """Each live service as a full HSDS object, in tree order, a chunk of prefetches at a time."""
    for service in service_queryset().live().order_by("path").iterator(chunk_size=CHUNK):
        yield serialize_service(service, full=True)


def validated_services() -> Iterator[dict]:
    """``exported_services``, each checked as an import would check it; ``ExportError`` on the first
    that fails."""
    for record in exported_services():
        problems = record_problems(record)
        if problems:
            field, reason = problems[0]
            raise ExportError(
                _(INVALID_EXPORT).format(id=record.get("id"), field=field or "-", reason=reason)
            )
        yield record


def export_package(outdir: Path) -> tuple[Path, int]:
    """Write the CSV data package into ``outdir``; nothing is written if a record fails."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    _files, count = write_package(validated_services(), outdir)
    return outdir / DATAPACKAGE, count


def export_services(outdir: Path) -> tuple[Path, int]:
    """Write ``outdir/services.json``; validates every record first and writes nothing if one fails.

    Written to a temporary file and renamed, so a failed export never leaves half a file.
    """
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "services.json"
    fd, tmp = tempfile.mkstemp(prefix=".services-", suffix=".json", dir=outdir)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("[")
            for record in validated_services():
                fh.write(",\n" if count else "\n")
                json.dump(record, fh, ensure_ascii=False, indent=1, sort_keys=False)
                count += 1
            fh.write("\n]\n")
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an export is meant to be shared
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target, count
