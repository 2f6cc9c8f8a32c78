"""``manage.py eval_search FILE``: how good is responder search, in numbers.

FILE is a JSON list of ``{"q": …, "lat": …, "lng": …, "at": …, "relevant": [service ids]}``
(``lat``, ``lng``, ``at`` and ``near`` optional; ``graded`` ``{id: gain}`` and ``intent`` optional).
Each query goes through the real HTTP API, ``GET /api/search``, with Django's test client, so the
figures are exactly what a client sees. Prints one line per query, then the averages:

* Success@3: the share of queries with at least one relevant service in the top 3;
* nDCG@5: normalised discounted cumulative gain over the top 5, with the entry's ``graded`` gains
  when it has them (binary relevance otherwise);
* the same by slice when entries say their ``intent`` (typo, time, language, place, eligibility).

``--hsds DIRECTORY_FILE`` measures a directory Waypoint did not write, in one command: the file
is imported with ``import_hsds``'s importer and indexed (a throwaway Elasticsearch index when
Elasticsearch is configured), the queries are asked, and everything is rolled back (the index is
deleted), so the database is left as it was.

Results are counted per service (a service listed at two places counts once, at its best rank).
Queries without relevant ids are reported but left out of the averages.
"""

import json
import math
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test import Client, override_settings

API_PATH = "/api/search"


def load_entries(path: Path) -> list[dict]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CommandError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CommandError(f"{path}: not a JSON file ({exc})") from exc
    if not isinstance(data, list):
        raise CommandError(f"{path}: expected a JSON list of queries")
    for n, entry in enumerate(data, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("q"), str):
            raise CommandError(f"{path}: entry {n} needs a string 'q'")
        relevant = entry.get("relevant", [])
        if not isinstance(relevant, list) or not all(isinstance(r, str) for r in relevant):
            raise CommandError(f"{path}: entry {n}: 'relevant' must be a list of service ids")
    return data


def ranked_service_ids(results: list[dict]) -> list[str]:
    seen, ids = set(), []
    for row in results:
        sid = str(row.get("service_id") or "")
        if sid and sid not in seen:
            seen.add(sid)
            ids.append(sid)
    return ids


def success_at(ids: list[str], relevant: set, k: int = 3) -> float:
    return 1.0 if any(i in relevant for i in ids[:k]) else 0.0


def ndcg_at(ids: list[str], relevant, k: int = 5) -> float:
    """``relevant``: a set of ids (gain 1 each) or a dict of gains."""
    gains = relevant if isinstance(relevant, dict) else {r: 1 for r in relevant}
    ideal = sum(
        g / math.log2(rank + 2) for rank, g in enumerate(sorted(gains.values(), reverse=True)[:k])
    )
    if ideal <= 0:
        return 0.0
    return sum(gains.get(sid, 0) / math.log2(rank + 2) for rank, sid in enumerate(ids[:k])) / ideal


def slices(entry: dict) -> list[str]:
    """The slices a query belongs to, from its ``intent`` (the development sets' own notes)."""
    intent = entry.get("intent") or {}
    if not intent:
        return []
    tags = ["typo" if intent.get("typo_or_shorthand") else "clean text"]
    tags.append("time" if intent.get("time") else "no time")
    if intent.get("languages"):
        tags.append("language")
    place = (intent.get("place") or {}).get("source")
    tags.append(f"place: {place}" if place else "place: none")
    if intent.get("person"):
        tags.append("eligibility")
    return tags


class _RollBack(Exception):
    pass


@contextmanager
def throwaway_directory(path: Path, stdout):
    """The HSDS file imported and indexed inside a transaction that is rolled back afterwards.

    The services already in the database are taken off line in that transaction first, so the
    copy searches the imported directory alone.
    """
    from directory.hsds.importer import import_paths
    from directory.models import ServicePage
    from search.services import search_index_rebuild

    index = f"{settings.ELASTICSEARCH_INDEX}-eval-{int(time.time() * 1000)}"
    try:
        with override_settings(ELASTICSEARCH_INDEX=index), transaction.atomic():
            ServicePage.objects.update(live=False)
            report = import_paths([Path(path)], partial=False)
            if report.rolled_back or not report.ok:
                for rejection in report.rejected[:20]:
                    stdout.write(str(rejection))
                raise CommandError(
                    f"{path}: the import was refused ({report.rejected_records} record(s)); nothing measured"
                )
            stdout.write(f"{path}: {report.created} service(s) imported into a throwaway copy")
            search_index_rebuild()
            try:
                yield
            finally:
                if settings.ELASTICSEARCH_URL:
                    from search.engines.elastic import ElasticsearchEngine

                    ElasticsearchEngine(index=index).drop()
            raise _RollBack
    except _RollBack:
        pass


def _host() -> str:
    for host in getattr(settings, "ALLOWED_HOSTS", []) or []:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


class Command(BaseCommand):
    help = "Measure responder search (Success@3, nDCG@5) on a JSON file of judged queries via GET /api/search."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="JSON list of {q, lat, lng, at, relevant}")
        parser.add_argument(
            "--limit", type=int, default=20, help="results asked of the API per query (default 20)"
        )
        parser.add_argument("--quiet", action="store_true", help="print only the averages")
        parser.add_argument(
            "--json", dest="json_out", type=Path, help="also write per-query results to this file"
        )
        parser.add_argument(
            "--hsds",
            type=Path,
            help="import this HSDS file (or folder) into a throwaway copy first and search that",
        )

    def handle(self, *args, **options):
        entries = load_entries(options["file"])
        if options.get("hsds"):
            with throwaway_directory(options["hsds"], self.stdout):
                return self.evaluate(entries, options)
        return self.evaluate(entries, options)

    def evaluate(self, entries, options):
        client = Client(HTTP_HOST=_host())
        rows = []
        for entry in entries:
            params = {"q": entry["q"], "limit": options["limit"]}
            for key in ("lat", "lng", "at", "near"):
                if entry.get(key) not in (None, ""):
                    params[key] = entry[key]
            started = time.perf_counter()
            response = client.get(API_PATH, params)
            took_ms = (time.perf_counter() - started) * 1000
            relevant = entry.get("graded") or set(entry.get("relevant") or [])
            if response.status_code != 200:
                ids, body = [], {}
                error = f"HTTP {response.status_code}"
            else:
                body = response.json()
                ids = ranked_service_ids(body.get("results") or [])
                error = ""
            names = {
                str(r.get("service_id")): r.get("name", "") for r in (body.get("results") or [])
            }
            row = {
                "q": entry["q"],
                "judged": bool(relevant),
                "success_at_3": success_at(ids, relevant) if relevant else None,
                "ndcg_at_5": ndcg_at(ids, relevant) if relevant else None,
                "top": ids[:5],
                "top_names": [names.get(i, "") for i in ids[:5]],
                "hits": [i in relevant for i in ids[:5]],
                "query": body.get("query"),
                "took_ms": round(took_ms, 1),
                "slices": slices(entry),
                "error": error,
            }
            rows.append(row)
            if not options["quiet"]:
                self.stdout.write(self._line(row))

        judged = [r for r in rows if r["judged"]]
        if not judged:
            raise CommandError("no query in the file has relevant ids; nothing to measure")
        s3 = sum(r["success_at_3"] for r in judged) / len(judged)
        ndcg = sum(r["ndcg_at_5"] for r in judged) / len(judged)
        times = sorted(r["took_ms"] for r in rows)
        p95 = times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)]
        errors = sum(1 for r in rows if r["error"])
        self.stdout.write(
            f"queries: {len(rows)} (judged {len(judged)}), errors: {errors}, p95 latency: {p95:.0f} ms"
        )
        self.stdout.write(f"Success@3: {s3:.3f}")
        self.stdout.write(f"nDCG@5: {ndcg:.3f}")
        by_slice: dict[str, list] = {}
        for r in judged:
            for tag in r["slices"]:
                by_slice.setdefault(tag, []).append(r)
        for tag, group in sorted(by_slice.items()):
            self.stdout.write(
                f"  {tag:<16} {len(group):>3}  Success@3 {sum(r['success_at_3'] for r in group) / len(group):.3f}"
                f"  nDCG@5 {sum(r['ndcg_at_5'] for r in group) / len(group):.3f}"
            )
        if options.get("json_out"):
            summary = {"success_at_3": s3, "ndcg_at_5": ndcg, "queries": rows}
            options["json_out"].write_text(
                json.dumps(summary, indent=1, ensure_ascii=False, default=str)
            )

    @staticmethod
    def _line(row) -> str:
        if row["error"]:
            return f"ERR  {row['error']:>8}  {row['q'][:60]}"
        if not row["judged"]:
            return f"  -      -      {row['q'][:60]}"
        marks = "".join("+" if h else "." for h in row["hits"]).ljust(5)
        tops = "; ".join(n for n in row["top_names"][:3])
        return f"{'ok ' if row['success_at_3'] else 'MISS'} {row['ndcg_at_5']:.2f} [{marks}] {row['q'][:50]:<50} → {tops[:110]}"
