"""Result cards name languages ("American Sign Language, Bosnian"), in the visitor's language."""

from django.test import SimpleTestCase
from django.utils import translation

from search.languages import language_names


class LanguageNameTests(SimpleTestCase):
    def test_codes_become_names_from_django_and_the_data_file(self):
        self.assertEqual(
            language_names(["en", "es", "ase", "bs", "ht", "pt-BR"]),
            [
                "English",
                "Spanish",
                "American Sign Language",
                "Bosnian",
                "Haitian Creole",
                "Brazilian Portuguese",
            ],
        )

    def test_an_unknown_code_is_shown_as_it_came(self):
        self.assertEqual(language_names(["xx", ""]), ["xx", ""])

    def test_names_are_translated(self):
        with translation.override("es"):
            self.assertEqual(
                language_names(["en", "es", "ase"]),
                ["inglés", "español", "lengua de señas americana"],
            )
