"""The search table follows the directory: publish, unpublish, delete, bed counts; and the rebuild command."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from directory.models import ServicePage
from search.models import SearchTag, ServiceSearchDocument
from search.services import documents_for_service, search_index_sync_service, service_queryset
from tests import factories as f
from tests.factories import service


@override_settings(ELASTICSEARCH_URL="")
class SyncTests(TestCase):
    def rows(self, page):
        return ServiceSearchDocument.objects.filter(service_page_id=page.pk)

    def test_publishing_indexes_the_service(self):
        page = service("New Shelter", languages=["es"], hours="24/7", beds=2)
        self.assertFalse(self.rows(page).exists())
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision().publish()
        (doc,) = self.rows(page)
        self.assertEqual(doc.name, "New Shelter")
        self.assertEqual(doc.languages, "|es|")
        self.assertTrue(doc.always_open)
        self.assertEqual(doc.beds_available, 2)
        self.assertEqual(
            set(SearchTag.objects.filter(document=doc).values_list("code", flat=True)),
            {"c:emergency-shelter", "l:es"},
        )

    def test_unpublishing_and_deleting_remove_it(self):
        page = service("Shelter")
        other = service("Other")
        search_index_sync_service(service_page_id=page.pk)
        search_index_sync_service(service_page_id=other.pk)
        with self.captureOnCommitCallbacks(execute=True):
            page.unpublish()
        self.assertFalse(self.rows(page).exists())
        with self.captureOnCommitCallbacks(execute=True):
            ServicePage.objects.get(pk=other.pk).delete()
        self.assertFalse(ServiceSearchDocument.objects.filter(service_page_id=other.pk).exists())

    def test_a_bed_count_change_updates_the_row(self):
        page = service("Shelter", beds=1)
        search_index_sync_service(service_page_id=page.pk)
        capacity = page.capacities.get()
        capacity.available = 7
        with self.captureOnCommitCallbacks(execute=True):
            capacity.save()
        self.assertEqual(self.rows(page).get().beds_available, 7)

    def test_tags_carry_the_same_tiers_as_their_document(self):
        # The candidate query ranks by the tags' copies: they must never lag the document.
        page = service("Shelter", languages=["es"], hours="24/7", beds=1)
        search_index_sync_service(service_page_id=page.pk)
        capacity = page.capacities.get()
        capacity.available = 0
        with self.captureOnCommitCallbacks(execute=True):
            capacity.save()
        doc = self.rows(page).get()
        tags = SearchTag.objects.filter(document=doc)
        self.assertEqual(tags.count(), 2)
        for tag in tags:
            for name in SearchTag.TIER_FIELDS:
                self.assertEqual(getattr(tag, name), getattr(doc, name), name)
        self.assertEqual(set(tags.values_list("beds_available", flat=True)), {0})

    def test_inactive_services_are_not_indexed(self):
        page = service("Closed for repairs")
        page.status = ServicePage.Status.TEMPORARILY_CLOSED
        page.save()
        self.assertEqual(search_index_sync_service(service_page_id=page.pk), 0)

    def test_one_row_per_location_and_hours_from_the_hours_engine(self):
        page = service("Two Sites", hours=("MO,TU,WE,TH,FR", "09:00", "17:00"))
        second = f.LocationFactory(organization=page.organization, latitude=41.77, longitude=-72.68)
        f.ServiceAtLocationFactory(service=page, location=second)
        docs = documents_for_service(service_queryset().get(pk=page.pk))
        self.assertEqual(len(docs), 2)
        self.assertEqual(
            docs[0].week_intervals, [[d * 1440 + 540, d * 1440 + 1020] for d in range(5)]
        )
        self.assertTrue(docs[0].hours_exact)
        self.assertEqual(docs[0].hours_summary, "Mon–Fri 09:00–17:00")

    def test_a_coming_closure_hands_hours_to_the_hours_engine(self):
        page = service("Holiday closing", hours="24/7")
        f.ClosureFactory(service=page)
        (doc,) = documents_for_service(service_queryset().get(pk=page.pk))
        self.assertFalse(doc.hours_exact)

    def test_rebuild_command(self):
        service("A")
        service("B", located=False)
        out = StringIO()
        call_command("rebuild_search_index", stdout=out)
        self.assertIn("Search table: 2 documents.", out.getvalue())
        self.assertEqual(ServiceSearchDocument.objects.count(), 2)
