"""The programme's figures, computed by the database (aggregations, never a loop over rows).

Every function takes a ``Period`` (whole local days, see ``periods.py``) and returns plain
Python values (ints, floats, lists of dicts) that the dashboard, the charts and the CSV export
all read. One ``dashboard_figures(period)`` call runs a fixed, small number of queries whatever
the size of the log.

Definitions (what the dashboard says under each figure):

- A *contact* is an Encounter whose ``occurred_at`` falls in the period (local time).
- A *call* is a contact with source ``dispatch`` (911 / CAD); every other source is *proactive*.
- *Handled without police*: no police co-dispatched (``co_response`` alone or EMS) and no police
  backup requested on scene.
- *Response time*: call received → on scene; *time on scene*: on scene → cleared. Medians.
- *Screened*: a contact with a risk screening recorded from it; screenings recorded without a
  contact are counted in the screening figures but not in the share of contacts screened. What
  followed a positive screen is what the responder ticked (``Screening.actions``).
- *Unmet need*: (a) searches that asked for a category, a time or a bed and found nothing that
  fits (``search.UnmetSearch``), (b) referrals declined for lack of capacity, (c) contacts at
  night (20:00–05:59 local) with a housing or substance-use need that ended without a referral.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.db import connection
from django.db.models import (
    Aggregate,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from assessment.models import Screening, ScreeningAction, ScreeningResult
from outreach.models import CoResponse, Disposition, Encounter, Need, Source, TransportDestination
from referrals.models import CAPACITY_WORDS, FollowUp, Referral
from search.models import UnmetSearch

from .periods import Period, local_midnight, local_tz

NIGHT_START_HOUR = 20  # 20:00 local ...
NIGHT_END_HOUR = 6  # ... to 05:59 local
NIGHT_NEEDS = (Need.HOUSING, Need.SUBSTANCE_USE)
NO_POLICE = Q(co_response__in=[CoResponse.ALONE, CoResponse.EMS]) & Q(police_backup_requested=False)


# --- helpers -----------------------------------------------------------------------------------


class SecondsBetween(Func):
    """``end - start`` in seconds, computed natively (no per-row Python function on SQLite)."""

    arity = 2
    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"EXTRACT(EPOCH FROM ({end} - {start}))", (*end_params, *start_params)

    def as_sqlite(self, compiler, connection, **extra):
        start, start_params = compiler.compile(self.source_expressions[0])
        end, end_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end}) - julianday({start})) * 86400.0)", (*end_params, *start_params)


class UTCHour(Func):
    """The UTC hour (0–23) of a datetime column, without SQLite's per-row Python time-zone function."""

    arity = 1
    output_field = IntegerField()
    template = "EXTRACT(HOUR FROM %(expressions)s AT TIME ZONE 'UTC')"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(strftime('%%%%H', %(expressions)s) AS INTEGER)"
        )


def offset_segments(
    start_at: dt.datetime, end_at: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """Stretches of [start_at, end_at) with one UTC offset in settings.TIME_ZONE: (from, to, hours)."""
    tz = local_tz()
    step = dt.timedelta(hours=1)
    t = start_at.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    end = end_at.astimezone(dt.UTC)
    segments, seg_start, offset = [], start_at.astimezone(dt.UTC), None
    while t < end + step:
        o = int(t.astimezone(tz).utcoffset().total_seconds() // 3600)
        if offset is None:
            offset = o
        elif o != offset:
            segments.append((seg_start, t, offset))
            seg_start, offset = t, o
        t += step
    segments.append((seg_start, end, offset))
    return segments


def local_hours_q(
    period: Period, hours: set[int], field: str = "occurred_at", hour_alias: str = "_utc_hour"
) -> Q:
    """Rows whose *local* hour is in ``hours``: per offset stretch, the matching UTC hours."""
    q = Q(pk__in=[])
    for seg_start, seg_end, offset in offset_segments(period.start_at, period.end_at):
        utc_hours = sorted({(h - offset) % 24 for h in hours})
        q |= Q(
            **{f"{field}__gte": seg_start, f"{field}__lt": seg_end, f"{hour_alias}__in": utc_hours}
        )
    return q


class PercentileCont(Aggregate):
    """PostgreSQL ``percentile_cont(fraction) WITHIN GROUP (ORDER BY expr)``."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction=0.5, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _share(part, whole):
    return round(part / whole, 4) if whole else None


def _ordered_q(start: str, end: str) -> Q:
    return Q(**{f"{start}__isnull": False, f"{end}__isnull": False, f"{end}__gte": F(start)})


def median_seconds(
    queryset, start: str, end: str, *, n: int | None = None
) -> tuple[float | None, int]:
    """Median of ``end - start`` in seconds over rows where both are set and in order, and n.

    PostgreSQL: one ``percentile_cont(0.5)`` aggregate. Elsewhere (SQLite): a count, then the
    middle one or two values by ORDER BY ... LIMIT/OFFSET — two small queries, no row loading.
    """
    qs = queryset.filter(_ordered_q(start, end)).order_by()
    if connection.vendor == "postgresql":
        row = qs.aggregate(n=Count("pk"), m=PercentileCont(SecondsBetween(F(start), F(end))))
        return (row["m"] if row["n"] else None), row["n"]
    if n is None:  # the caller may already know it from its own aggregate
        n = qs.count()
    if not n:
        return None, 0
    middle = (
        qs.annotate(_d=SecondsBetween(F(start), F(end))).order_by("_d").values_list("_d", flat=True)
    )
    values = list(middle[(n - 1) // 2 : n // 2 + 1])
    return round(sum(values) / len(values), 3), n


def _minutes(seconds):
    return round(seconds / 60, 1) if seconds is not None else None


class _NoIndex(Func):
    """SQLite's unary ``+column``: the same value, but the planner will not use the column's index.

    For a long period most rows match, and a plain table scan is about four times faster than
    walking the ``occurred_at`` index and looking every row up; for short periods the index wins.
    """

    arity = 1
    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="+%(expressions)s")


SCAN_DAYS = 62  # periods longer than this scan the table on SQLite instead of using the index


def in_period(qs, field: str, period: Period):
    if connection.vendor == "sqlite" and period.days > SCAN_DAYS:
        model_field = qs.model._meta.get_field(field)
        qs = qs.alias(_period_t=_NoIndex(F(field), output_field=model_field.__class__()))
        field = "_period_t"
    return qs.filter(**{f"{field}__gte": period.start_at, f"{field}__lt": period.end_at}).order_by()


def encounters_in(period: Period):
    return in_period(Encounter.objects.all(), "occurred_at", period)


def _needs_text(qs):
    return qs.annotate(_needs=Cast("needs", TextField()))


def _need_q(code) -> Q:
    # The JSON list as text contains the quoted code: works on SQLite and PostgreSQL alike.
    return Q(_needs__contains=f'"{code}"')


NIGHT_HOURS = set(range(NIGHT_START_HOUR, 24)) | set(range(0, NIGHT_END_HOUR))


# --- encounters --------------------------------------------------------------------------------


def encounter_figures(period: Period) -> dict:
    """Contacts, police involvement, transports, needs and night-time unmet need: one query."""
    qs = _needs_text(encounters_in(period)).annotate(_utc_hour=UTCHour("occurred_at"))
    aggregates = {
        "total": Count("pk"),
        "dispatch": Count("pk", filter=Q(source=Source.DISPATCH)),
        "dispatch_without_police": Count("pk", filter=Q(source=Source.DISPATCH) & NO_POLICE),
        "without_police": Count("pk", filter=NO_POLICE),
        "police_codispatch": Count(
            "pk", filter=Q(co_response__in=[CoResponse.POLICE, CoResponse.POLICE_EMS])
        ),
        "police_backup": Count("pk", filter=Q(police_backup_requested=True)),
        "arrests": Count("pk", filter=Q(arrest_or_citation=True)),
        "transports": Count("pk", filter=~Q(transport_destination=TransportDestination.NONE)),
        "identified": Count("pk", filter=Q(person__isnull=False)),
        "persons": Count("person", distinct=True),
        "response_n": Count("pk", filter=_ordered_q("call_received_at", "on_scene_at")),
        "on_scene_n": Count("pk", filter=_ordered_q("on_scene_at", "cleared_at")),
        "night_unmet": Count(
            "pk",
            filter=local_hours_q(period, NIGHT_HOURS)
            & ~Q(disposition=Disposition.REFERRED)
            & (_need_q(NIGHT_NEEDS[0]) | _need_q(NIGHT_NEEDS[1])),
        ),
    }
    for code in Need.values:
        aggregates[f"need:{code}"] = Count("pk", filter=_need_q(code))
    for code in Source.values:
        aggregates[f"source:{code}"] = Count("pk", filter=Q(source=code))
    for code in Disposition.values:
        aggregates[f"disposition:{code}"] = Count("pk", filter=Q(disposition=code))
    for code in TransportDestination.values:
        if code != TransportDestination.NONE:
            aggregates[f"transport:{code}"] = Count("pk", filter=Q(transport_destination=code))
    row = qs.aggregate(**aggregates)

    total, dispatch = row["total"], row["dispatch"]
    response_s, response_n = median_seconds(
        encounters_in(period), "call_received_at", "on_scene_at", n=row["response_n"]
    )
    scene_s, scene_n = median_seconds(
        encounters_in(period), "on_scene_at", "cleared_at", n=row["on_scene_n"]
    )
    return {
        "total": total,
        "dispatch": dispatch,
        "proactive": total - dispatch,
        "by_source": [
            {"code": c, "label": str(label), "count": row[f"source:{c}"]}
            for c, label in Source.choices
        ],
        "by_disposition": [
            {"code": c, "label": str(label), "count": row[f"disposition:{c}"]}
            for c, label in Disposition.choices
        ],
        "needs": [
            {"code": c, "label": str(label), "count": row[f"need:{c}"]} for c, label in Need.choices
        ],
        "transport_by_destination": [
            {"code": c, "label": str(label), "count": row[f"transport:{c}"]}
            for c, label in TransportDestination.choices
            if c != TransportDestination.NONE
        ],
        "dispatch_without_police": row["dispatch_without_police"],
        "dispatch_without_police_share": _share(row["dispatch_without_police"], dispatch),
        "without_police": row["without_police"],
        "without_police_share": _share(row["without_police"], total),
        "police_codispatch": row["police_codispatch"],
        "police_backup": row["police_backup"],
        "police_backup_share": _share(row["police_backup"], total),
        "arrests": row["arrests"],
        "transports": row["transports"],
        "identified": row["identified"],
        "anonymous": total - row["identified"],
        "persons": row["persons"],
        "night_unmet": row["night_unmet"],
        "response_median_minutes": _minutes(response_s),
        "response_n": response_n,
        "on_scene_median_minutes": _minutes(scene_s),
        "on_scene_n": scene_n,
    }


def repeat_contacts(period: Period) -> dict:
    """People by number of contacts in the period: a GROUP BY over a GROUP BY, in SQL."""
    per_person = (
        encounters_in(period).filter(person__isnull=False).values("person").annotate(n=Count("pk"))
    )
    sql, params = per_person.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t.n, COUNT(*) FROM ({sql}) t GROUP BY t.n ORDER BY t.n", params)
        rows = cursor.fetchall()
    persons = sum(c for _n, c in rows)
    contacts = sum(n * c for n, c in rows)
    buckets = OrderedDict((label, 0) for label in ("1", "2", "3–5", "6+"))
    for n, c in rows:
        key = "1" if n == 1 else "2" if n == 2 else "3–5" if n <= 5 else "6+"
        buckets[key] += c
    return {
        "persons": persons,
        "repeat_persons": persons - buckets["1"],
        "repeat_share": _share(persons - buckets["1"], persons),
        "contacts_per_person": round(contacts / persons, 2) if persons else None,
        "max_contacts": max((n for n, _c in rows), default=0),
        "distribution": [{"label": k, "count": v} for k, v in buckets.items()],
    }


def _weekly(qs, field: str, period: Period, **series: Q) -> dict[str, dict[dt.date, int]]:
    """Counts per local week: each row gets its week's index from a CASE over the weeks' local
    midnight bounds (so DST and New Year's Eve fall in the right week on every backend, with no
    per-row time-zone function), then one GROUP BY."""
    weeks = period.weeks()
    whens = [
        When(
            **{f"{field}__lt": min(local_midnight(w + dt.timedelta(days=7)), period.end_at)},
            then=Value(i),
        )
        for i, w in enumerate(weeks)
    ]
    rows = (
        qs.annotate(_wk=Case(*whens, default=Value(-1), output_field=IntegerField()))
        .values("_wk")
        .annotate(**{name: Count("pk", filter=extra) for name, extra in series.items()})
        .order_by()
    )
    out = {name: dict.fromkeys(weeks, 0) for name in series}
    for row in rows:
        if 0 <= row["_wk"] < len(weeks):
            for name in series:
                out[name][weeks[row["_wk"]]] = row[name]
    return out


def weekly(period: Period) -> list[dict]:
    """Contacts (and dispatch calls, referrals sent) per local ISO week, empty weeks included."""
    enc = _weekly(
        encounters_in(period),
        "occurred_at",
        period,
        contacts=Q(),
        dispatch=Q(source=Source.DISPATCH),
    )
    contacts, dispatch = enc["contacts"], enc["dispatch"]
    sent = _weekly(referrals_sent_in(period), "sent_at", period, sent=Q())["sent"]
    return [
        {
            "week": w,
            "contacts": contacts.get(w, 0),
            "dispatch": dispatch.get(w, 0),
            "referrals": sent.get(w, 0),
        }
        for w in period.weeks()
    ]


def by_neighbourhood(period: Period) -> list[dict]:
    """Contacts per neighbourhood as recorded (blank = "Not recorded"), most first."""
    rows = (
        encounters_in(period)
        .values("neighbourhood")
        .annotate(n=Count("pk"))
        .order_by("-n", "neighbourhood")
    )
    return [{"name": r["neighbourhood"] or "", "count": r["n"]} for r in rows]


# --- referrals ---------------------------------------------------------------------------------

DECLINED_CAPACITY_Q = Q(status="declined") & Q(
    *[Q(reason__icontains=w) for w in CAPACITY_WORDS], _connector=Q.OR
)


def referrals_sent_in(period: Period):
    return in_period(Referral.objects.all(), "sent_at", period)


def referral_figures(period: Period) -> dict:
    qs = referrals_sent_in(period)
    row = qs.aggregate(
        made=Count("pk"),
        sent=Count("pk", filter=Q(mode="live")),
        logged=Count("pk", filter=Q(mode="logged")),
        accepted=Count("pk", filter=Q(accepted_at__isnull=False)),
        declined=Count("pk", filter=Q(status="declined")),
        declined_capacity=Count("pk", filter=DECLINED_CAPACITY_Q),
        arrived=Count("pk", filter=Q(arrived_at__isnull=False)),
        closed=Count("pk", filter=Q(status="closed")),
        cancelled=Count("pk", filter=Q(status="cancelled")),
        open=Count("pk", filter=Q(status__in=["logged", "sent", "accepted", "arrived"])),
        _arrival_n=Count("pk", filter=_ordered_q("sent_at", "arrived_at")),
    )
    median_s, median_n = median_seconds(qs, "sent_at", "arrived_at", n=row.pop("_arrival_n"))
    first = first_contact_referrals(period)
    followups = followups_done(period)
    return {
        **row,
        "closed_loop_rate": _share(row["arrived"], row["made"]),
        "acceptance_rate": _share(row["accepted"], row["sent"]),
        "median_to_arrival_hours": round(median_s / 3600, 1) if median_s is not None else None,
        "median_to_arrival_n": median_n,
        **first,
        "followups_due": followups["due"],
        "followups_done": followups["done"],
        "followups_done_on_time": followups["done_on_time"],
        "followups_done_share": followups["done_share"],
    }


def followups_done(period: Period) -> dict:
    """Follow-ups due in the period: how many, done (at any time), done on time, cancelled."""
    row = (
        FollowUp.objects.filter(due_at__gte=period.start_at, due_at__lt=period.end_at)
        .order_by()
        .aggregate(
            due=Count("pk"),
            done=Count("pk", filter=Q(done_at__isnull=False)),
            done_on_time=Count("pk", filter=Q(done_at__isnull=False, done_at__lte=F("due_at"))),
            cancelled=Count("pk", filter=Q(cancelled_at__isnull=False)),
        )
    )
    row["done_share"] = _share(row["done"], row["due"] - row["cancelled"])
    return row


def first_contact_referrals(period: Period) -> dict:
    """First contacts in the period (the person's earliest encounter ever, or anonymous) and
    how many of them produced a referral from that same encounter."""
    earlier = Encounter.objects.filter(
        person=OuterRef("person"), occurred_at__lt=OuterRef("occurred_at")
    )
    qs = encounters_in(period).annotate(_earlier=Exists(earlier)).filter(_earlier=False)
    referred = Exists(Referral.objects.filter(encounter=OuterRef("pk")))
    row = qs.annotate(_ref=referred).aggregate(
        first=Count("pk"), referred=Count("pk", filter=Q(_ref=True))
    )
    return {
        "first_contacts": row["first"],
        "first_contact_referred": row["referred"],
        "first_contact_referred_share": _share(row["referred"], row["first"]),
    }


# --- risk screening ------------------------------------------------------------------------------


def _action_q(code) -> Q:
    # As for needs: the JSON list as text contains the quoted code.
    return Q(_actions__contains=f'"{code}"')


def screening_figures(period: Period) -> dict:
    """Contacts screened, positive and acute screens, and what followed them: two queries."""
    screened = Exists(Screening.objects.filter(encounter=OuterRef("pk")))
    contacts = (
        encounters_in(period)
        .annotate(_screened=screened)
        .aggregate(total=Count("pk"), screened=Count("pk", filter=Q(_screened=True)))
    )
    qs = in_period(Screening.objects.all(), "occurred_at", period).annotate(
        _actions=Cast("actions", TextField())
    )
    positive = ~Q(result=ScreeningResult.NEGATIVE)
    acute = Q(result=ScreeningResult.POSITIVE_ACUTE)
    row = qs.aggregate(
        screenings=Count("pk"),
        negative=Count("pk", filter=Q(result=ScreeningResult.NEGATIVE)),
        positive=Count("pk", filter=positive),
        positive_acute=Count("pk", filter=acute),
        acute_stayed=Count("pk", filter=acute & _action_q(ScreeningAction.STAYED)),
        acute_emergency_evaluation=Count(
            "pk", filter=acute & _action_q(ScreeningAction.EMERGENCY_EVALUATION)
        ),
        positive_safety_assessment=Count(
            "pk", filter=positive & _action_q(ScreeningAction.SAFETY_ASSESSMENT)
        ),
        positive_safety_plan=Count("pk", filter=positive & _action_q(ScreeningAction.SAFETY_PLAN)),
        positive_referred=Count("pk", filter=positive & _action_q(ScreeningAction.REFERRED)),
        positive_nothing_recorded=Count("pk", filter=positive & Q(_actions="[]")),
    )
    return {
        "contacts": contacts["total"],
        "contacts_screened": contacts["screened"],
        "contacts_screened_share": _share(contacts["screened"], contacts["total"]),
        **row,
        "positive_share": _share(row["positive"], row["screenings"]),
        "acute_stayed_share": _share(row["acute_stayed"], row["positive_acute"]),
        "acute_emergency_evaluation_share": _share(
            row["acute_emergency_evaluation"], row["positive_acute"]
        ),
        "positive_safety_plan_share": _share(row["positive_safety_plan"], row["positive"]),
    }


# --- everything --------------------------------------------------------------------------------


def unmet_searches(period: Period) -> int:
    return UnmetSearch.objects.filter(
        searched_at__gte=period.start_at, searched_at__lt=period.end_at
    ).count()


def unmet_need(enc: dict, ref: dict | None, searches: int = 0) -> dict:
    declined_capacity = ref["declined_capacity"] if ref else None
    return {
        "searches_nothing_fit": searches,
        "declined_capacity": declined_capacity,
        "night_unreferred": enc["night_unmet"],
        "total": searches + enc["night_unmet"] + (declined_capacity or 0),
    }


def dashboard_figures(period: Period) -> dict:
    enc = encounter_figures(period)
    ref = referral_figures(period)
    return {
        "period": period,
        "encounters": enc,
        "repeat": repeat_contacts(period),
        "referrals": ref,
        "unmet": unmet_need(enc, ref, unmet_searches(period)),
        "weekly": weekly(period),
        "neighbourhoods": by_neighbourhood(period),
        "screenings": screening_figures(period),
    }


def flat_rows(figures: dict) -> list[tuple[str, str, object]]:
    """Every figure as (section, name, value) rows: the CSV export of the dashboard."""
    p: Period = figures["period"]
    rows = [("period", "start", p.start.isoformat()), ("period", "end", p.end.isoformat())]
    enc = figures["encounters"]
    for key, value in enc.items():
        if isinstance(value, list):
            for item in value:
                rows.append((f"contacts.{key}", item["code"], item["count"]))
        else:
            rows.append(("contacts", key, value))
    rep = figures["repeat"]
    for key, value in rep.items():
        if key == "distribution":
            for item in value:
                rows.append(("repeat.contacts_per_person", item["label"], item["count"]))
        else:
            rows.append(("repeat", key, value))
    for key, value in figures["referrals"].items():
        rows.append(("referrals", key, value))
    for key, value in figures["unmet"].items():
        rows.append(("unmet_need", key, value))
    for key, value in figures["screenings"].items():
        rows.append(("screenings", key, value))
    for w in figures["weekly"]:
        for key in ("contacts", "dispatch", "referrals"):
            rows.append((f"weekly.{key}", w["week"].isoformat(), w[key]))
    for n in figures["neighbourhoods"]:
        rows.append(("neighbourhood.contacts", n["name"] or "(not recorded)", n["count"]))
    return [(s, k, "" if v is None else v) for s, k, v in rows]


FIGURE_HELP = {
    "without_police": _("No police co-dispatched and no police backup requested."),
    "closed_loop_rate": _(
        "Closed-loop rate (arrived ÷ made): referrals made in the period (sent or logged) whose person arrived. "
        "Not the answer rate (answered ÷ live) of the referral measures, which also counts declines."
    ),
    "screened": _(
        "A contact counts as screened when a risk screening (ASQ) was recorded from it. What followed "
        "a positive screen is what the responder recorded on the screening."
    ),
    "unmet": _(
        "Unmet need counts searches that asked for a service, a time or a bed and found nothing that fits, "
        "referrals declined for lack of capacity, and night-time contacts (20:00–05:59) with a housing or substance-use need that ended without a referral."
    ),
}
