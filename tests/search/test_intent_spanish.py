"""search.intent in Spanish: every warning the query reader gives, and the chips it names itself,
in the visitor's language."""

from django.test import TestCase, override_settings
from django.utils import translation

from search.intent import parse_query

AT = "2026-11-23T21:00:00-05:00"  # a Monday evening
PHONE = {"lat": 41.76, "lng": -72.68}
# A deployment whose area has no name and no directory yet.
UNNAMED_AREA = {"SEARCH_AREA": "37.70,-122.52,37.82,-122.35", "SEARCH_AREA_NAME": ""}


class Unreadable:
    """A query that cannot even be turned into text."""

    def __bool__(self):
        return False

    def __str__(self):
        raise ValueError("unreadable")


class IntentWarningsInSpanishTests(TestCase):
    def setUp(self):
        translation.activate("es")
        self.addCleanup(translation.deactivate)

    def assertSays(self, warning, text, **params):
        self.assertIn(warning, parse_query(text, **{"at": AT, **params}).warnings)

    def test_bad_parameters(self):
        cases = [
            (
                {"at": "garbage"},
                "'at' debe ser una hora ISO 8601 como 2026-11-23T21:00-05:00; se ignoró "
                "'garbage' y se usa la hora actual.",
            ),
            ({"at": 12345}, "'at' debe ser una hora ISO 8601; se usa la hora actual."),
            ({"lat": "abc", "lng": -72.68}, "lat 'abc' no es un número; se ignoró."),
            ({"lat": "nan", "lng": -72.68}, "lat nan no es un número; se ignoró."),
            ({"lat": 41.7, "lng": -500}, "lng -500 está fuera del globo; se ignoró."),
            ({"lat": 41.7}, "Se necesitan lat y lng para saber su posición; se ignoró."),
        ]
        for params, warning in cases:
            with self.subTest(params=params):
                self.assertSays(warning, "shelter", **params)

    def test_a_long_search(self):
        self.assertSays(
            "La búsqueda tenía 5,008 caracteres; solo se leyeron los primeros 500.",
            "shelter " + "x" * 5000,
        )

    def test_two_times(self):
        self.assertSays("Se usa 'now' para la hora; no se usó 'saturday'.", "food now saturday")

    def test_places_used_and_not_used(self):
        self.assertSays(
            "Se usa 'Asylum Hill' (el campo «cerca de») en lugar de 'near Park St'.",
            "shelter near Park St",
            near="Asylum Hill",
        )
        self.assertSays("Solo se usa un lugar; no se usó '06120'.", "shelter near Park St, 06120")
        self.assertSays(
            "90210 (Beverly Hills, CA) está lejos de Hartford; los resultados se ordenan por la "
            "distancia desde allí.",
            "shelter 90210",
        )

    def test_a_place_not_found(self):
        self.assertSays(
            "No encontramos 'Zzyzx St'; se muestran resultados cerca de usted.",
            "shelter near Zzyzx St",
            **PHONE,
        )
        self.assertSays(
            "No encontramos 'Zzyzx St'; se muestran resultados cerca de Asylum Hill.",
            "shelter near Zzyzx St",
            near="Asylum Hill",
        )
        self.assertSays(
            "No encontramos 'Zzyzx St'; se muestran resultados de todo Hartford.",
            "shelter near Zzyzx St",
        )

    def test_near_me_without_a_position(self):
        self.assertSays(
            "'Cerca de mí' necesita su ubicación (permita la ubicación en esta página); se "
            "muestran resultados de todo Hartford.",
            "pantry near me",
        )

    @override_settings(**UNNAMED_AREA)
    def test_an_area_without_a_name(self):
        self.assertSays(
            "No encontramos 'Zzyzx St'; se muestran resultados de toda la zona.",
            "shelter near Zzyzx St",
        )
        self.assertSays(
            "'Cerca de mí' necesita su ubicación (permita la ubicación en esta página); se "
            "muestran resultados de toda la zona.",
            "pantry near me",
        )
        self.assertSays(
            "10001 (New York, NY) está lejos de esta zona; los resultados se ordenan por la "
            "distancia desde allí.",
            "shelter 10001",
        )

    def test_a_search_that_cannot_be_read(self):
        with self.assertLogs("search.intent", "ERROR"):
            intent = parse_query(Unreadable())
        self.assertEqual(
            intent.warnings,
            ["No pudimos leer del todo esta búsqueda (ValueError); se buscan las palabras."],
        )

    def test_the_chips_it_names_itself(self):
        intent = parse_query("food tonight at 5pm", at=AT, **PHONE)
        self.assertEqual(intent.near.label, "Su ubicación")
        labels = [chip.label for chip in intent.chips]
        self.assertIn("Cerca de usted", labels)
        self.assertIn("Esta noche a las 5 p.m.", labels)
