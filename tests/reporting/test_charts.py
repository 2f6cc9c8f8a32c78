"""The shipped neighbourhood outline and the SVG charts."""

import json
import re
from pathlib import Path

from django.test import SimpleTestCase

from geo import canonical_neighbourhood
from geo import map_areas as areas
from geo.data.build_neighbourhood_map import DEFAULT_SOURCE, build
from geo.neighbourhoods import MAP_PATH as DATA
from reporting import charts


class NeighbourhoodDataTests(SimpleTestCase):
    def test_seventeen_small_areas_inside_hartford(self):
        self.assertEqual(len(areas()), 17)
        self.assertLess(DATA.stat().st_size, 20_000)
        for a in areas():
            for lng, lat in (p for ring in a["rings"] for p in ring):
                self.assertTrue(41.72 <= lat <= 41.81 and -72.72 <= lng <= -72.64, a["name"])
        self.assertIn("Southwest", {a["name"] for a in areas()})

    def test_shipped_file_matches_the_build_script(self):
        source = Path(DEFAULT_SOURCE)
        self.assertTrue(source.exists(), source)
        self.assertEqual(build(source), json.loads(DATA.read_text()))

    def test_names_are_normalised(self):
        self.assertEqual(canonical_neighbourhood("clay arsenal"), "Clay-Arsenal")
        self.assertEqual(canonical_neighbourhood("South West"), "Southwest")
        self.assertIsNone(canonical_neighbourhood("behind the library"))


class ChartTests(SimpleTestCase):
    def test_svg_has_titles_and_escapes(self):
        svg = charts.bar_chart([("<b>x</b>", 3)], label="Bars")
        self.assertIn("<title>&lt;b&gt;x&lt;/b&gt;: 3</title>", svg)
        self.assertIn('role="img"', svg)
        line = charts.line_chart([("Jan 6", 2), ("Jan 13", 0)], label="Weekly")
        self.assertIn("<polyline", line)
        self.assertIn("<svg", charts.line_chart([], label="Empty"))
        counts, other = charts.neighbourhood_counts(
            [{"name": "frog hollow", "count": 4}, {"name": "", "count": 1}]
        )
        self.assertEqual((counts["Frog Hollow"], other), (4, 1))
        svg = charts.choropleth(counts, label="Map")
        self.assertEqual(svg.count("<path"), 17)
        self.assertIn("<title>Frog Hollow: 4</title>", svg)


class ChartReadableOnAPhoneTests(SimpleTestCase):
    """Drawn about as wide as a phone: text is at least 12 px there, and no label hangs off."""

    PHONE_CHART_PX = 328  # a 360 px screen less the page's margins

    def font_px(self, svg):
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
        self.assertTrue(sizes)
        return min(sizes) * self.PHONE_CHART_PX / width

    def test_text_is_at_least_12_px_on_a_phone(self):
        weeks = [(f"Nov {d}", d) for d in range(1, 13)]
        self.assertGreaterEqual(self.font_px(charts.line_chart(weeks, label="Weekly")), 12)
        bars = charts.bar_chart([("Resolved on scene", 50), ("Referred", 26)], label="Bars")
        self.assertGreaterEqual(self.font_px(bars), 12)
        self.assertGreaterEqual(self.font_px(charts.choropleth({"Downtown": 3}, label="Map")), 12)

    def test_the_latest_week_is_labelled_inside_the_drawing(self):
        weeks = [(f"W{i}", i) for i in range(12)]
        labels = re.findall(
            r'text-anchor="(\w+)" font-size="\d+">(W\d+)</text>',
            charts.line_chart(weeks, label="W"),
        )
        self.assertEqual(labels[-1], ("end", "W11"))
        self.assertEqual(labels[0], ("start", "W0"))
        self.assertLessEqual(len(labels), 5)
