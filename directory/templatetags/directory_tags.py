"""Template helpers for the public directory: what a service card and a service page show."""

from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from directory import selectors
from directory.hours import wording as hours_wording

register = template.Library()

# Names of the languages a service may speak, shown in the visitor's interface language.
LANGUAGE_NAMES = {
    "en": lambda: _("English"),
    "es": lambda: _("Spanish"),
    "pt": lambda: _("Portuguese"),
    "pl": lambda: _("Polish"),
    "bs": lambda: _("Bosnian"),
    "ht": lambda: _("Haitian Creole"),
    "ase": lambda: _("American Sign Language"),
    "fr": lambda: _("French"),
    "zh": lambda: _("Chinese"),
    "vi": lambda: _("Vietnamese"),
    "ar": lambda: _("Arabic"),
    "ru": lambda: _("Russian"),
    "it": lambda: _("Italian"),
}


def _when(moment):
    """'5:00 p.m.' today, 'Tue 9:00 a.m.' another day (local time)."""
    from django.utils.formats import date_format, time_format

    local = timezone.localtime(moment)
    clock = time_format(local, "TIME_FORMAT")
    if local.date() == timezone.localdate():
        return clock
    if local.date() == timezone.localdate() + __import__("datetime").timedelta(days=1):
        return _("tomorrow %(time)s") % {"time": clock}
    return f"{date_format(local, 'D')} {clock}"


def language_label(language):
    code = (language.code or "").lower()
    if code in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[code]()
    return language.name or language.code


def age_text(value):
    """'5 min', '2 h', '3 days' — short enough for a phone screen."""
    seconds = max(0, (timezone.now() - value).total_seconds())
    minutes = int(seconds // 60)
    if minutes < 60:
        return _("%(n)d min") % {"n": max(minutes, 1)}
    hours = minutes // 60
    if hours < 48:
        return _("%(n)d h") % {"n": hours}
    days = hours // 24
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


@register.filter
def ago(value):
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(age)s ago") % {"age": age_text(value)}


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
class ServiceFacts:
    service: object
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
        status = self.status
        if self.closed_today is not None:
            reason = self.closed_today.reason
            if reason and reason != "Closed today":
                return "closed", _("Closed today: %(reason)s") % {"reason": reason}
            return "closed", _("Closed today")
        if status is None or not getattr(status, "known", False):
            return "unknown", str(hours_wording.NOT_LISTED)
        if status.always_open:
            return "open", str(hours_wording.ALWAYS_OPEN)
        if status.open:
            if status.closes_at:
                return "open", _("Open now · closes %(when)s") % {"when": _when(status.closes_at)}
            return "open", _("Open now")
        if status.opens_at:
            return "closed", _("Closed now · opens %(when)s") % {"when": _when(status.opens_at)}
        if status.closed_reason:
            return "closed", _("Closed: %(reason)s") % {"reason": status.closed_reason}
        return "closed", _("Closed now")

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
        if capacity.available == 0:
            text = _("Full: no beds free")
        elif unit == "bed":
            text = ngettext("%(n)d bed available", "%(n)d beds available", capacity.available) % {
                "n": capacity.available
            }
        else:
            text = _("%(n)d available") % {"n": capacity.available}
        if capacity.maximum:
            text += " " + _("of %(total)d") % {"total": capacity.maximum}
        return ("full" if capacity.available == 0 else "beds"), text

    @property
    def primary_phone(self):
        return self.phones[0] if self.phones else None


def _opening_status(service, at):
    try:
        from directory.hours import opening_status
    except ImportError:  # the hours helper's module is not there yet
        return None
    return opening_status(service, at)


def build_facts(service, *, request=None, detail=False, now=None):
    now = now or timezone.now()
    facts = ServiceFacts(service=service)
    facts.status = _opening_status(service, now)
    facts.capacity = selectors.bed_capacity(service)
    if facts.capacity is not None:
        facts.capacity_stale = facts.capacity.is_stale(now)
    for location in selectors.service_locations(service):
        addresses = list(location.addresses.all())
        physical = [a for a in addresses if a.address_type == "physical"] or addresses
        facts.places.append(
            Place(
                name=location.name,
                address=str(physical[0]) if physical else "",
                lat=location.latitude,
                lng=location.longitude,
                transportation=location.transportation,
                accessibility=list(location.accessibility.all()) if detail else [],
            )
        )
    facts.phones = [p for p in service.phones.all() if p.number]
    facts.languages = [language_label(lang) for lang in service.languages.all()]
    today = timezone.localdate()
    facts.closed_today = next(
        (c for c in service.closures.all() if c.starts_on <= today <= c.ends_on), None
    )
    if detail:
        facts.documents = list(service.required_documents.all())
        facts.costs = list(service.cost_options.all())
        facts.populations = selectors.service_populations(service)
    url = service.get_url(request=request) or ""
    if request is not None and url.startswith("/"):
        url = request.build_absolute_uri(url)
    parts = [service.title]
    if service.organization_id:
        parts[0] = f"{service.title} ({service.organization.title})"
    if facts.phones:
        parts.append(facts.phones[0].number)
    if facts.places and facts.places[0].address:
        parts.append(facts.places[0].address)
    parts.append(url)
    facts.sms_body = " – ".join(p for p in parts if p)
    return facts


@register.simple_tag(takes_context=True)
def service_facts(context, service, detail=False):
    return build_facts(service, request=context.get("request"), detail=detail)


@register.simple_tag
def category_tiles():
    return selectors.category_list()


@register.simple_tag
def organization_services(organization):
    return selectors.organization_services(organization)


@register.simple_tag(takes_context=True)
def detailed_service(context, service):
    """The live service with everything prefetched; in a Wagtail preview, the draft being previewed."""
    request = context.get("request")
    if getattr(request, "is_preview", False) or not service.pk or not service.live:
        return service
    return selectors.service_detail(service)


@register.simple_tag(takes_context=True)
def can_update(context, service):
    from directory.permissions import can_update_service

    request = context.get("request")
    return bool(request and can_update_service(request.user, service))


@register.simple_tag(takes_context=True)
def is_field_staff(context):
    from directory.permissions import is_responder

    request = context.get("request")
    return bool(request and is_responder(request.user))


@register.simple_tag(takes_context=True)
def language_links(context):
    """The other interface languages, each as a link that sets the language cookie and comes back."""
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        names = {"en": "English", "es": "Español"}
        links.append(
            {
                "code": code,
                "label": names.get(code, code),
                "url": reverse("directory:language", args=[code]) + "?" + urlencode({"next": here}),
            }
        )
    return links


@register.simple_tag
def content_lang():
    """The language listing text is written in, for ``lang`` on the blocks that show it."""
    return getattr(settings, "WAYPOINT_CONTENT_LANGUAGE", "en")


@register.filter
def tel(phone):
    number = getattr(phone, "e164", "") or "".join(
        ch for ch in getattr(phone, "number", "") if ch.isdigit() or ch == "+"
    )
    if getattr(phone, "extension", None):
        return f"tel:{number},{phone.extension}"
    return f"tel:{number}"


# Category tiles are interface text: shown in the visitor's language whatever the term's stored name.
CATEGORY_LABELS = {
    "emergency-shelter": lambda: _("Emergency shelter"),
    "warming-center": lambda: _("Warming center"),
    "detox": lambda: _("Detox"),
    "outpatient-treatment": lambda: _("Outpatient treatment"),
    "residential-treatment": lambda: _("Residential treatment"),
    "medication-treatment": lambda: _("Methadone and Suboxone"),
    "recovery-housing": lambda: _("Recovery housing"),
    "mental-health-crisis": lambda: _("Mental health crisis"),
    "mental-health-walk-in": lambda: _("Mental health walk-in"),
    "primary-care": lambda: _("Health care and free clinics"),
    "food-pantry": lambda: _("Food pantry"),
    "meals": lambda: _("Meals"),
    "harm-reduction": lambda: _("Harm reduction and naloxone"),
    "showers-laundry": lambda: _("Showers and laundry"),
    "id-benefits": lambda: _("ID and benefits"),
    "youth-services": lambda: _("Youth services"),
    "domestic-violence": lambda: _("Domestic violence"),
    "veterans": lambda: _("Veterans"),
    "crisis-line": lambda: _("Crisis lines"),
    "access-line": lambda: _("Treatment access line"),
    # populations
    "youth": lambda: _("Youth"),
    "young-adults": lambda: _("Young adults"),
    "adults": lambda: _("Adults"),
    "seniors": lambda: _("Seniors"),
    "women": lambda: _("Women"),
    "men": lambda: _("Men"),
    "families": lambda: _("Families"),
    "pets": lambda: _("Pets welcome"),
    "couples": lambda: _("Couples"),
    "lgbtq": lambda: _("LGBTQ+"),
}


@register.filter
def category_label(term):
    label = CATEGORY_LABELS.get(getattr(term, "code", ""))
    return label() if label else term.name


@register.filter
def weekdays(byday):
    """'MO,TU,WE' -> 'Mon, Tue, Wed' in the visitor's language."""
    from django.utils.dates import WEEKDAYS_ABBR

    index = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    out = []
    for part in (byday or "").split(","):
        part = part.strip().upper()
        code = part[-2:]
        if code in index:
            prefix = part[:-2]
            out.append(f"{prefix}{WEEKDAYS_ABBR[index[code]]}")
        elif part:
            out.append(part)
    return ", ".join(out)
