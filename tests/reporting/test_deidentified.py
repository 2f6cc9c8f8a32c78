"""The research export leaks nothing that identifies a person."""

import csv
import datetime as dt
import io

from django.test import TestCase

from reporting.exports import DEID_HEADER, deidentified_rows
from staff.models import Role
from tests.factories import FORTNIGHT, EncounterFactory, PersonFactory, TeamFactory, local, staff


class DeidentifiedExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        team = TeamFactory(name="Deid team")
        cls.responder = staff(Role.RESPONDER, team=team, username="responder-zq")
        cls.people = [
            PersonFactory(
                name="Quintessa Marlowe",
                alias="Q-Bird",
                descriptors="green parka, limps left",
                date_of_birth=dt.date(1971, 3, 14),
                hazard_note="dog named Brutus",
                created_by_team=team,
            ),
            PersonFactory(
                name="Ezekiel Fontaine",
                alias="Zeke",
                descriptors="tattoo of an anchor",
                date_of_birth=dt.date(1988, 12, 2),
                created_by_team=team,
            ),
        ]
        cls.encounters = []
        for i, person in enumerate(cls.people * 2):
            cls.encounters.append(
                EncounterFactory(
                    team=team,
                    responder=cls.responder,
                    person=person,
                    occurred_at=local(2025, 11, 5 + i, 14, 37, 21),
                    source="dispatch",
                    cad_incident=f"CAD-7731{i}",
                    latitude=41.763712 + i / 10000,
                    longitude=-72.685134,
                    location_text="behind 140 Zarephath Street",
                    neighbourhood="Frog Hollow" if i else "by Marlowe's tent",
                    notes=f"Secret note {i} about Quintessa",
                    police_backup_requested=bool(i % 2),
                    police_backup_reason="Sergeant Oyelaran asked" if i % 2 else "",
                    transport_destination="hospital",
                    transport_destination_text="Saint Francis Hospital",
                    needs=["housing", "Marlowe free text"],
                )
            )

    def export(self):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(DEID_HEADER)
        writer.writerows(deidentified_rows(FORTNIGHT))
        return out.getvalue()

    def identifying_values(self):
        values = {
            "responder-zq",
            "Saint Francis",
            "Oyelaran",
            "Zarephath",
            "CAD-7731",
            "Secret note",
            "41.7637",
            "-72.6851",
            ":37",
            "Marlowe",
        }
        for p in self.people:
            values |= {
                p.name,
                p.alias,
                p.descriptors,
                str(p.pk),
                p.pk.hex,
                str(p.pk)[:8],
                p.hazard_note or "",
                p.date_of_birth.isoformat(),
                p.date_of_birth.strftime("%m/%d/%Y"),
            }
            values |= set(p.name.split()) | {p.date_of_birth.strftime("%Y%m%d")}
        for e in self.encounters:
            values |= {str(e.pk), e.pk.hex, e.cad_incident, e.notes, e.location_text}
        return {v for v in values if v}

    def test_nothing_identifying_leaks(self):
        text = self.export()
        for value in self.identifying_values():
            self.assertNotIn(value.lower(), text.lower(), value)

    def test_what_is_kept(self):
        rows = list(csv.DictReader(io.StringIO(self.export())))
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0]["occurred_hour_local"], "2025-11-05 14:00")
        self.assertEqual(rows[0]["lat_3dp"], "41.764")
        self.assertEqual(rows[0]["lng_3dp"], "-72.685")
        self.assertEqual(rows[0]["neighbourhood"], "")  # not an official name: dropped
        self.assertEqual(rows[1]["neighbourhood"], "Frog Hollow")
        self.assertEqual(rows[0]["needs"], "housing")
        # One person, one pseudonym within a file; a new file gets new pseudonyms.
        self.assertEqual(rows[0]["person_ref"], rows[2]["person_ref"])
        self.assertNotEqual(rows[0]["person_ref"], rows[1]["person_ref"])
        again = list(csv.DictReader(io.StringIO(self.export())))
        self.assertNotEqual(rows[0]["person_ref"], again[0]["person_ref"])
