"""What a service card and a service page show about a service, read once (``selectors.service_facts``)
and said in the visitor's language: open or closed, beds, places, phones, a text message to send."""

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.formats import time_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory import costs as cost_wording
from directory.freshness import age_text
from directory.hours import wording as hours_wording
from directory.labels import weekdays


def beds_text(available: int, maximum: int | None = None, *, unit: str = "bed") -> str:
    """The one wording of a bed count, on search cards and service pages alike: "3 of 24 beds
    free", "3 beds free" when the total is not known, "Full: no beds free"."""
    if available == 0:
        return _("Full: no beds free")
    if unit.strip().lower() not in ("bed", "beds"):
        if maximum:
            return _("%(n)d of %(total)d available") % {"n": available, "total": maximum}
        return _("%(n)d available") % {"n": available}
    if maximum:
        return ngettext("%(n)d of %(total)d bed free", "%(n)d of %(total)d beds free", maximum) % {
            "n": available,
            "total": maximum,
        }
    return ngettext("%(n)d bed free", "%(n)d beds free", available) % {"n": available}


@dataclass
class Place:
    name: str
    address: str
    lat: float | None
    lng: float | None
    transportation: str = ""
    accessibility: list = field(default_factory=list)

    @property
    def geo_uri(self):
        if self.lat is None:
            return ""
        label = quote(self.address or self.name or "")
        return f"geo:{self.lat:.6f},{self.lng:.6f}?q={self.lat:.6f},{self.lng:.6f}({label})"

    @property
    def map_url(self):
        if self.lat is not None:
            return f"https://www.openstreetmap.org/?mlat={self.lat:.6f}&mlon={self.lng:.6f}#map=17/{self.lat:.5f}/{self.lng:.5f}"
        if self.address:
            return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})
        return ""


@dataclass
class HoursLine:
    sentence: str  # in the visitor's language
    note: str = ""  # the publisher's own words, in the listing's language


@dataclass
class ServiceFacts:
    service: object
    now: datetime | None = None  # when the facts were read: "open now" and "today" are judged then
    status: object = None
    capacity: object = None
    capacity_stale: bool = False
    places: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    documents: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    populations: list = field(default_factory=list)
    closed_today: object = None
    sms_body: str = ""

    @property
    def sms_uri(self):
        return "sms:?&body=" + quote(self.sms_body)

    @property
    def status_line(self):
        """(css class, text) for 'open now / closes at / opens next' at a glance."""
        return hours_wording.status_line(self.status, closed_today=self.closed_today, now=self.now)

    @property
    def beds_line(self):
        capacity = self.capacity
        if capacity is None:
            return None
        unit = capacity.unit.name if capacity.unit_id else "bed"
        if self.capacity_stale:
            return "stale", _(
                "Bed count not updated for %(age)s: call to check (last reported: %(n)d)"
            ) % {"age": age_text(capacity.updated), "n": capacity.available}
        text = beds_text(capacity.available, capacity.maximum, unit=unit)
        return ("full" if capacity.available == 0 else "beds"), text

    @property
    def hours(self) -> list[HoursLine]:
        """Each schedule row said in the visitor's language, with the publisher's description
        beside it (it may say more: "last entry 11 pm"); in the listing's own language the
        description alone, when there is one."""
        in_listing_language = get_language() == getattr(settings, "WAYPOINT_CONTENT_LANGUAGE", "en")
        lines = []
        for row in self.service.schedules.all():
            sentence = hours_wording.schedule_sentence(row)
            if row.description and (sentence is None or in_listing_language):
                lines.append(HoursLine("", row.description))
            elif sentence:
                lines.append(HoursLine(sentence, row.description))
            elif row.opens_at and row.closes_at:
                times = f"{time_format(row.opens_at)}–{time_format(row.closes_at)}"
                lines.append(HoursLine(f"{weekdays(row.byday)} {times}"))
        return lines

    @property
    def cost_lines(self):
        return cost_wording.cost_lines(self.service.fees_description, self.costs)

    @property
    def primary_phone(self):
        return self.phones[0] if self.phones else None
