"""Interface words for the directory's codes, in the visitor's language: the names of categories,
populations and languages, and days of the week."""

from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Languages that write language names in lower case in running text ("Idiomas: inglés, español").
LOWER_CASE_LANGUAGE_NAMES = {"es"}

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


def as_language_name(name: str) -> str:
    """A translated language name as the visitor's language writes it in a list."""
    if (get_language() or "").split("-")[0] in LOWER_CASE_LANGUAGE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def language_label(language):
    code = (language.code or "").lower()
    if code in LANGUAGE_NAMES:
        return as_language_name(LANGUAGE_NAMES[code]())
    return language.name or language.code


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


def category_label(term):
    label = CATEGORY_LABELS.get(getattr(term, "code", ""))
    return label() if label else term.name


def weekdays(byday):
    """'MO,TU,WE' -> 'Mon, Tue, Wed' in the visitor's language."""
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
