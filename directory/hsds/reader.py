"""Read HSDS files as a stream of records, without loading a whole file into memory.

A file is a JSON list of service records (as ``GET /services/{id}`` returns them), or one service,
or an API ``Page`` (``{"total_items": …, "contents": [...]}``, as HSDS APIs and dumps serve
them), whose contents are read the same way. An organization with a ``services`` list (as
``GET /organizations/{id}?full_service=true`` returns it), alone or in a list or Page, gives its
services, each with the organization embedded. Files have no size limit: they are streamed.
"""

import json
from collections.abc import Iterator
from pathlib import Path

import ijson
from django.utils.translation import gettext as _

from .checks import is_organization

EMPTY = "file is empty"
NOT_A_LIST = "expected a JSON list of service objects (or one service, one organization, or an API Page), found {found!r} at the start"
PAGE_WITHOUT_CONTENTS = (
    "a JSON object with Page keys ({keys}) but no contents list: give the Page's contents"
)
INVALID_JSON = "invalid JSON at line {line}, column {column}: {reason}"
INVALID_JSON_SOMEWHERE = "invalid JSON: {reason}"
NOT_UTF8 = "not UTF-8 text: {reason}"
NOT_FOUND = "no such file or folder"
NO_JSON_FILES = "the folder holds no .json files"
UNREADABLE = "cannot read the file: {reason}"

BOM = b"\xef\xbb\xbf"
# A broken file up to this size is parsed once more to say where it breaks (line and column).
LOCATE_MAX_BYTES = 64 * 1024 * 1024


class FileProblem(Exception):
    """The file as a whole cannot be read; nothing from it is stored."""


def expand(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file to read (a folder gives its .json files, sorted; a folder holding a
    ``datapackage.json`` gives that alone), or (path, problem)."""
    for path in map(Path, paths):
        if path.is_dir() and (path / "datapackage.json").is_file():
            yield path / "datapackage.json", None
        elif path.is_dir():
            files = sorted(p for p in path.rglob("*.json") if p.is_file())
            if not files:
                yield path, _(NO_JSON_FILES)
            for file in files:
                yield file, None
        elif path.is_file():
            yield path, None
        else:
            yield path, _(NOT_FOUND)


def _locate(path: Path) -> str:
    """Where the JSON breaks, with line and column; "" for a file too big to load for that."""
    if path.stat().st_size > LOCATE_MAX_BYTES:
        return ""
    try:
        json.loads(path.read_bytes().removeprefix(BOM).decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _(NOT_UTF8).format(reason=exc.reason)
    except json.JSONDecodeError as exc:
        return _(INVALID_JSON).format(line=exc.lineno, column=exc.colno, reason=exc.msg)
    return ""


# The keys of the API's Page envelope, besides ``contents``.
PAGE_KEYS = {
    "total_items",
    "total_pages",
    "page_number",
    "size",
    "first_page",
    "last_page",
    "empty",
}


def services_of(record) -> list:
    """A record as the service records it holds: an organization with services gives each one
    with the organization embedded (and no services list); anything else is itself."""
    if not (
        is_organization(record) and isinstance(record.get("services"), list) and record["services"]
    ):
        return [record]
    organization = {k: v for k, v in record.items() if k != "services"}
    return [
        {**service, "organization": organization} if isinstance(service, dict) else service
        for service in record["services"]
    ]


def _top_level_keys(fh) -> set:
    """The keys of a top-level JSON object, read up to ``contents`` (a Page's list is not walked)."""
    keys = set()
    for prefix, event, value in ijson.parse(fh):
        if prefix == "" and event == "map_key":
            keys.add(value)
            if value == "contents":
                break
    return keys


def _prefix(fh, first: bytes) -> str:
    """Where the records sit: the items of a list, of a Page's contents, or the object itself."""
    if first == b"[":
        return "item"
    keys = _top_level_keys(fh)
    if "contents" in keys:
        return "contents.item"
    if keys and keys <= PAGE_KEYS:
        raise FileProblem(_(PAGE_WITHOUT_CONTENTS).format(keys=", ".join(sorted(keys))))
    return ""


def read_records(path: Path) -> Iterator[tuple[int, object]]:
    """(index, record) for each service in the file, streamed with ijson.

    Raises ``FileProblem`` for a file that is empty, not a list or object, or not valid JSON;
    records before a syntax error may already have been yielded, so callers roll back the file.
    """
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise FileProblem(_(UNREADABLE).format(reason=exc.strerror or exc)) from None
    with fh:
        head = fh.read(4096)
        start = len(BOM) if head.startswith(BOM) else 0
        stripped = head[start:].lstrip()
        if not stripped:
            raise FileProblem(_(EMPTY))
        first = stripped[:1]
        if first not in (b"[", b"{"):
            raise FileProblem(_(NOT_A_LIST).format(found=stripped[:20].decode("utf-8", "replace")))
        try:
            fh.seek(start)
            prefix = _prefix(fh, first)
            fh.seek(start)
            index = 0
            for item in ijson.items(fh, prefix, use_float=True):
                for record in services_of(item):
                    yield index, record
                    index += 1
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
            where = _locate(path) or _(INVALID_JSON_SOMEWHERE).format(
                reason=str(exc).splitlines()[0][:200]
            )
            raise FileProblem(where) from None
