"""Replace every personal detail in the outreach log with synthetic values (for copies of production).

Refuses to run with DEBUG off unless --yes-this-is-a-copy is given: it rewrites data in place.
"""

import hashlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from outreach.models import Encounter, Person


def _fake(prefix, pk):
    return f"{prefix} {hashlib.sha256(str(pk).encode()).hexdigest()[:6]}"


class Command(BaseCommand):
    help = "Anonymise people and encounters (names, aliases, descriptors, birth dates, notes, places)."

    def add_arguments(self, parser):
        parser.add_argument("--yes-this-is-a-copy", action="store_true", dest="confirmed")

    def handle(self, *args, confirmed=False, **options):
        if not settings.DEBUG and not confirmed:
            raise CommandError("DEBUG is off: pass --yes-this-is-a-copy to anonymise this database in place.")
        with transaction.atomic():
            people = 0
            for person in Person.objects.all().iterator():
                person.name = ""
                person.alias = _fake("Person", person.pk)
                person.descriptors = ""
                person.date_of_birth = None
                person.hazard_note = "(hazard note removed)" if person.hazard_note else ""
                person.consent_to_share_scope = ""
                person.save()
                people += 1
            encounters = 0
            for e in Encounter.objects.all().iterator():
                e.notes = ""
                e.location_text = ""
                e.police_backup_reason = ""
                e.transport_destination_text = ""
                if e.latitude is not None:
                    e.latitude, e.longitude = round(e.latitude, 2), round(e.longitude, 2)
                e.save(update_fields=["notes", "location_text", "police_backup_reason",
                                      "transport_destination_text", "latitude", "longitude"])
                encounters += 1
        self.stdout.write(f"Anonymised {people} people and {encounters} encounters.")
