"""The detector of English in Spanish pages, on snippets."""

from django.test import SimpleTestCase

from tests.waypoint.english import english_in


class EnglishInTests(SimpleTestCase):
    def test_english_hours_are_found_and_spanish_hours_pass(self):
        self.assertEqual(
            english_in("<dd><ul><li>Open 24 hours, every day.</li></ul></dd>"),
            ["Open 24 hours, every day."],
        )
        self.assertEqual(english_in("<li>Abierto las 24 horas, todos los días.</li>"), [])

    def test_a_label_said_to_a_screen_reader_counts(self):
        self.assertEqual(
            english_in('<input placeholder="Search services"><a aria-label="Call now">Llamar</a>'),
            ["Search services", "Call now"],
        )
        self.assertEqual(english_in('<input type="submit" value="Save">'), ["Save"])

    def test_scripts_names_and_listing_text_are_left_out(self):
        html = (
            '<script>var x = "Open now";</script><style>.open{}</style>'
            '<script type="application/json">{"m": "Sign in"}</script>'
            '<h3 translate="no">Open Door Shelter</h3>'
            '<div lang="en"><p>Beds for adults, <b>every</b> night.</p></div>'
            "<p>Idiomas: inglés, español</p>"
        )
        self.assertEqual(english_in(html), [])

    def test_text_after_an_unclosed_element_is_still_checked(self):
        self.assertEqual(
            english_in('<ul><li translate="no">Night Shelter<li>Closed now</ul><p>Cerrado'),
            ["Closed now"],
        )

    def test_numbers_phones_urls_and_emails_are_not_words(self):
        self.assertEqual(
            english_in("<p>(860) 555-0100 · https://example.org/in/the · to@example.org · 3</p>"),
            [],
        )

    def test_a_spanish_msgstr_passes_even_if_it_looks_english(self):
        # "Waypoint" is allowed by name; "No" is not in the word list at all.
        self.assertEqual(english_in("<p>Waypoint</p><p>No</p>"), [])
