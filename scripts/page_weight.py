#!/usr/bin/env python
"""Page weight budget: every public page <= 40 KB over the wire (HTML + CSS + JS, gzip).

Builds a small directory from the test factories in a throw-away test database, fetches the home,
category, organization, service, list and search pages with the Django test client asking for gzip,
adds the gzipped size of every same-origin stylesheet and script the page links, prints a table,
and exits 1 if any page is over budget (or links anything from another origin).

    .venv/bin/python scripts/page_weight.py          # CI runs exactly this
"""

import gzip
import os
import re
import sys
from pathlib import Path

BUDGET = 40 * 1024
ROOT = Path(__file__).resolve().parent.parent


def _asset_bytes(url):
    from django.conf import settings
    from django.contrib.staticfiles import finders

    if not url.startswith(settings.STATIC_URL):
        return None
    path = finders.find(url[len(settings.STATIC_URL) :].split("?")[0])
    return Path(path).read_bytes() if path else None


def measure(client, urls):
    """[(url, status, html_gzip, assets_gzip, total, problems)] for each URL."""
    rows = []
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
        body = response.content
        problems = []
        if response.get("Content-Encoding") == "gzip":
            html_gz = len(body)
            html = gzip.decompress(body).decode("utf-8", "replace")
        else:
            html = body.decode("utf-8", "replace")
            html_gz = len(gzip.compress(body, 9))
        assets = 0
        refs = re.findall(r'<link[^>]+href="([^"]+)"[^>]*>', html) + re.findall(
            r'<script[^>]+src="([^"]+)"', html
        )
        for tag_url in refs:
            link_tag = re.search(rf'<link[^>]+href="{re.escape(tag_url)}"[^>]*>', html)
            if (
                link_tag
                and "stylesheet" not in link_tag.group(0)
                and "preload" not in link_tag.group(0)
            ):
                continue
            if re.match(r"^(https?:)?//", tag_url):
                problems.append(f"external resource {tag_url}")
                continue
            data = _asset_bytes(tag_url)
            if data is None:
                problems.append(f"missing asset {tag_url}")
                continue
            assets += len(gzip.compress(data, 9))
        if response.status_code != 200:
            problems.append(f"status {response.status_code}")
        rows.append((url, response.status_code, html_gz, assets, html_gz + assets, problems))
    return rows


def build_demo_data():
    """A realistic-sized listing from the factories (many services in one category)."""
    from django.utils import timezone

    from directory.models import RequiredDocument
    from tests import factories as f

    home = f.home_page()
    shelter = f.TaxonomyTermFactory(code="emergency-shelter", name="Emergency shelter")
    food = f.TaxonomyTermFactory(code="food-pantry", name="Food pantry")
    org = f.OrganizationPageFactory(title="Hartford Shelter Network", parent=home)
    services = []
    for n in range(25):
        service = f.ServicePageFactory(
            parent=org,
            title=f"Overnight Shelter {n}",
            assured_date=timezone.localdate(),
            eligibility_description="Adults 18 and over. Pets welcome in crates.",
            fees_description="Free",
        )
        f.AttributeFactory(service=service, taxonomy_term=shelter if n % 5 else food)
        location = f.LocationFactory(organization=org, name=f"Building {n}")
        f.AddressFactory(location=location)
        f.ServiceAtLocationFactory(service=service, location=location)
        f.PhoneFactory(service=service)
        f.LanguageFactory(service=service)
        f.ScheduleFactory(service=service)
        RequiredDocument.objects.create(service=service, document="Photo ID if you have one")
        f.ServiceCapacityFactory(service=service, available=3, maximum=40)
        services.append(service)
    return home, org, services


def urls_for(org, services):
    first = services[0]
    return [
        "/",
        "/categories/emergency-shelter/",
        org.get_url(),
        first.get_url(),
        f"/list/?s={first.hsds_id}&s={services[1].hsds_id}&s={services[2].hsds_id}",
        "/search/?q=shelter",
        "/search/?q=cama+esta+noche",
    ]


def report(rows, out=sys.stdout):
    out.write(f"{'page':<58} {'status':>6} {'html.gz':>8} {'css+js.gz':>9} {'total':>8}\n")
    worst = 0
    for url, status, html_gz, assets, total, problems in rows:
        flag = (
            ""
            if total <= BUDGET and not problems
            else "  <-- " + ("; ".join(problems) or "over budget")
        )
        out.write(f"{url[:58]:<58} {status:>6} {html_gz:>8} {assets:>9} {total:>8}{flag}\n")
        worst = max(worst, total)
    out.write(f"budget {BUDGET} bytes; heaviest page {worst} bytes\n")
    return all(total <= BUDGET and not problems for *_rest, total, problems in rows)


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        _home, org, services = build_demo_data()
        ok = report(measure(Client(), urls_for(org, services)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
