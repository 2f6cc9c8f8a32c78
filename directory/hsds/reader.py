"""Read HSDS files as a stream of records, without loading a whole file into memory."""

import json
from collections.abc import Iterator
from pathlib import Path

import ijson
from django.conf import settings
from django.utils.translation import gettext as _

TOO_BIG = "file is {size:.1f} MB, more than the {limit:.1f} MB limit (HSDS_IMPORT_MAX_BYTES); split it into a folder of smaller files"
EMPTY = "file is empty"
NOT_A_LIST = "expected a JSON list of service objects (or one service object), found {found!r} at the start"
INVALID_JSON = "invalid JSON at line {line}, column {column}: {reason}"
INVALID_JSON_SOMEWHERE = "invalid JSON: {reason}"
NOT_UTF8 = "not UTF-8 text: {reason}"
NOT_FOUND = "no such file or folder"
NO_JSON_FILES = "the folder holds no .json files"
UNREADABLE = "cannot read the file: {reason}"

BOM = b"\xef\xbb\xbf"


class FileProblem(Exception):
    """The file as a whole cannot be read; nothing from it is stored."""


def expand(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Each file to read (a folder gives its .json files, sorted), or (path, problem)."""
    for path in map(Path, paths):
        if path.is_dir():
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
    """Where the JSON breaks, with line and column (only called on a file under the size limit)."""
    try:
        json.loads(path.read_bytes().removeprefix(BOM).decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _(NOT_UTF8).format(reason=exc.reason)
    except json.JSONDecodeError as exc:
        return _(INVALID_JSON).format(line=exc.lineno, column=exc.colno, reason=exc.msg)
    return ""


def read_records(path: Path, *, max_bytes: int | None = None) -> Iterator[tuple[int, object]]:
    """(index, record) for each service in the file, streamed with ijson.

    Raises ``FileProblem`` for a file that is too big, empty, not a list, or not valid JSON;
    records before a syntax error may already have been yielded, so callers roll back the file.
    """
    limit = settings.HSDS_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise FileProblem(_(TOO_BIG).format(size=size / 1_048_576, limit=limit / 1_048_576))
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
        fh.seek(start)
        prefix = "item" if first == b"[" else ""
        try:
            yield from enumerate(ijson.items(fh, prefix, use_float=True))
        except (ijson.JSONError, UnicodeDecodeError, ValueError) as exc:
            where = _locate(path) or _(INVALID_JSON_SOMEWHERE).format(reason=str(exc).splitlines()[0][:200])
            raise FileProblem(where) from None
