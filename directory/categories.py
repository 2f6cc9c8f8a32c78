"""Waypoint's own vocabulary: its 20 categories and the groups a service may serve.

code → (name, description). The public category pages, the crosswalk screens in the admin and
the demo data all read these; ``TermMapping`` and ``ServiceClassification`` store the codes. Plain
Python, so ``python -m demo.build`` runs it without Django settings: the strings are only
marked here and translated where they are shown (``category_name``, ``category_description``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext


def _(text: str) -> str:
    """Marks a string for ``makemessages`` (``_`` is one of its keywords) without translating it."""
    return text


CATEGORIES = {
    "emergency-shelter": (
        _("Emergency shelter"),
        _("A bed for tonight: emergency and overnight shelter."),
    ),
    "warming-center": (
        _("Warming centre"),
        _("A warm place to stay in cold weather, often overnight and seasonal."),
    ),
    "detox": (
        _("Detox / withdrawal management"),
        _("Medically supervised withdrawal from alcohol or drugs."),
    ),
    "outpatient-treatment": (
        _("Outpatient addiction treatment"),
        _("Counselling and groups for substance use, living at home."),
    ),
    "residential-treatment": (
        _("Residential addiction treatment"),
        _("Live-in treatment for substance use."),
    ),
    "medication-treatment": (
        _("Methadone and buprenorphine"),
        _("Medication for opioid use disorder: methadone, buprenorphine (Suboxone), naltrexone."),
    ),
    "recovery-housing": (_("Recovery housing"), _("Sober houses and supportive recovery housing.")),
    "mental-health-crisis": (
        _("Mental-health crisis"),
        _("Urgent help in a mental-health crisis, including mobile teams."),
    ),
    "mental-health-walk-in": (
        _("Mental-health walk-in"),
        _("Walk-in mental-health assessment and counselling."),
    ),
    "primary-care": (
        _("Primary care and free clinics"),
        _("Doctors, nurses and free or low-cost clinics."),
    ),
    "food-pantry": (_("Food pantry"), _("Groceries to take home.")),
    "meals": (_("Meals"), _("Hot meals and soup kitchens.")),
    "harm-reduction": (
        _("Harm reduction"),
        _("Syringe services, naloxone (Narcan), fentanyl test strips, safer-use supplies."),
    ),
    "showers-laundry": (_("Showers and laundry"), _("Showers, laundry and hygiene supplies.")),
    "id-benefits": (
        _("ID and benefits"),
        _("Help getting ID, birth certificates, SNAP, Medicaid (HUSKY) and other benefits."),
    ),
    "youth-services": (_("Youth services"), _("Services for young people and young adults.")),
    "domestic-violence": (
        _("Domestic violence"),
        _("Safety, shelter and advocacy for people experiencing abuse."),
    ),
    "veterans": (_("Veterans"), _("Services for people who served in the armed forces.")),
    "crisis-line": (_("Crisis line"), _("Call or text for help now, any hour.")),
    "access-line": (
        _("Treatment access line"),
        _("Finds an open detox or treatment bed and arranges transport."),
    ),
    "clothing": (_("Clothing"), _("Free coats, clothes, shoes and clothes for work.")),
    "baby-supplies": (_("Baby supplies"), _("Diapers, formula and other things a baby needs.")),
    "legal-aid": (_("Legal help"), _("Free legal advice and advocacy, including immigration.")),
}

POPULATIONS = {
    "youth": (_("Youth"), _("Young people under 18.")),
    "young-adults": (_("Young adults"), _("Young adults, usually 18 to 24.")),
    "adults": (_("Adults"), _("Adults 18 and over.")),
    "seniors": (_("Seniors"), _("Older adults, usually 60 and over.")),
    "women": (_("Women"), _("Women, including transgender women.")),
    "men": (_("Men"), _("Men, including transgender men.")),
    "families": (_("Families"), _("Parents or guardians with children.")),
    "veterans": (_("Veterans"), _("People who served in the armed forces.")),
    "pets": (_("Pets welcome"), _("People with a pet; the pet is welcome too.")),
    "couples": (_("Couples"), _("Couples who want to stay together.")),
    "no-children": (
        _("Adults without children"),
        _("Adults who come without children in their care."),
    ),
    "dv-survivors": (
        _("Survivors of domestic violence"),
        _("People hurt by a partner or family member."),
    ),
    "lgbtq": (_("LGBTQ+"), _("Lesbian, gay, bisexual, transgender and queer people.")),
}


def category_name(code: str) -> str:
    """The category's (or group's) name in the current language; the code itself when unknown."""
    entry = CATEGORIES.get(code) or POPULATIONS.get(code)
    return gettext(entry[0]) if entry else code


def category_description(code: str) -> str:
    entry = CATEGORIES.get(code) or POPULATIONS.get(code)
    return gettext(entry[1]) if entry else ""


@dataclass(frozen=True)
class Category:
    """One of Waypoint's categories as the public pages show it (a home tile, a category page)."""

    code: str
    name: str
    description: str
    service_count: int = 0

    @classmethod
    def of(cls, code: str, *, service_count: int = 0) -> "Category":
        return cls(code, category_name(code), category_description(code), service_count)
