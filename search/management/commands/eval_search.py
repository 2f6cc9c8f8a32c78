"""``manage.py eval_search FILE``: how good is responder search, in numbers.

FILE is a JSON list of ``{"q": …, "lat": …, "lng": …, "at": …, "relevant": [service ids]}``
(``lat``, ``lng``, ``at`` and ``near`` optional). Each query goes through the real HTTP API,
``GET /api/search``, with Django's test client, so the figures are exactly what a client sees.
Prints one line per query, then the averages:

* Success@3: the share of queries with at least one relevant service in the top 3;
* nDCG@5: binary-relevance normalised discounted cumulative gain over the top 5.

Results are counted per service (a service listed at two places counts once, at its best rank).
Queries without relevant ids are reported but left out of the averages.
"""

import json
import math
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

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


def ndcg_at(ids: list[str], relevant: set, k: int = 5) -> float:
    if not relevant:
        return 0.0
    dcg = sum(1.0 / math.log2(rank + 2) for rank, sid in enumerate(ids[:k]) if sid in relevant)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(len(relevant), k)))
    return dcg / ideal


def _host() -> str:
    for host in getattr(settings, "ALLOWED_HOSTS", []) or []:
        if host and host != "*" and not host.startswith("."):
            return host
    return "localhost"


class Command(BaseCommand):
    help = "Measure responder search (Success@3, nDCG@5) on a JSON file of judged queries via GET /api/search."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="JSON list of {q, lat, lng, at, relevant}")
        parser.add_argument("--limit", type=int, default=20, help="results asked of the API per query (default 20)")
        parser.add_argument("--quiet", action="store_true", help="print only the averages")
        parser.add_argument("--json", dest="json_out", type=Path, help="also write per-query results to this file")

    def handle(self, *args, **options):
        entries = load_entries(options["file"])
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
            relevant = set(entry.get("relevant") or [])
            if response.status_code != 200:
                ids, body = [], {}
                error = f"HTTP {response.status_code}"
            else:
                body = response.json()
                ids = ranked_service_ids(body.get("results") or [])
                error = ""
            names = {str(r.get("service_id")): r.get("name", "") for r in (body.get("results") or [])}
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
        if options.get("json_out"):
            summary = {"success_at_3": s3, "ndcg_at_5": ndcg, "queries": rows}
            options["json_out"].write_text(json.dumps(summary, indent=1, ensure_ascii=False, default=str))

    @staticmethod
    def _line(row) -> str:
        if row["error"]:
            return f"ERR  {row['error']:>8}  {row['q'][:60]}"
        if not row["judged"]:
            return f"  -      -      {row['q'][:60]}"
        marks = "".join("+" if h else "." for h in row["hits"]).ljust(5)
        tops = "; ".join(n for n in row["top_names"][:3])
        return (
            f"{'ok ' if row['success_at_3'] else 'MISS'} {row['ndcg_at_5']:.2f} [{marks}] {row['q'][:50]:<50} → {tops[:110]}"
        )
