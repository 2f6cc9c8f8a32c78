"""Upgrading a database from before referrals had their own app: the rows stay where they were.

The referral models moved from ``outreach`` to ``referrals`` in the migration state only (their
tables keep the ``outreach_`` names). Rows written under the old state must read back through the
new models, with the same content type ids (permissions and Wagtail log entries point at them),
and the move must undo as cleanly.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from outreach.models import PersonMerge
from referrals.models import Referral, ReferralEvent
from tests.factories import PersonFactory

from . import test_concurrency

BEFORE = [("outreach", "0003_referrals"), ("referrals", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


class MovedOutOfOutreachTests(TransactionTestCase):
    # The same rows as the concurrency tests, restored after a flush the same way.
    setUp = test_concurrency.ReferralConcurrencyTests.setUp
    make_referral = test_concurrency.ReferralConcurrencyTests.make_referral

    def test_rows_from_before_the_move_read_back_through_the_new_app(self):
        referral = self.make_referral()
        type_id = ContentType.objects.get_for_model(Referral).pk
        duplicate = PersonFactory(alias="Sunny again", created_by_team=self.team1)
        merge = PersonMerge.objects.create(
            source=duplicate,
            target=self.person,
            merged_by=self.supervisor,
            moved={"referrals.Referral": [str(referral.pk)]},
        )

        old = migrate(BEFORE)
        OldReferral = old.get_model("outreach", "Referral")
        OldEvent = old.get_model("outreach", "ReferralEvent")
        self.assertEqual(OldReferral.objects.get(pk=referral.pk).notes, referral.notes)
        old_type = old.get_model("contenttypes", "ContentType").objects.get(pk=type_id)
        self.assertEqual((old_type.app_label, old_type.model), ("outreach", "referral"))
        self.assertEqual(
            old.get_model("outreach", "PersonMerge").objects.get(pk=merge.pk).moved,
            {"outreach.Referral": [str(referral.pk)]},
        )
        OldEvent.objects.create(
            referral_id=referral.pk,
            by_id=self.responder.pk,
            from_status="sent",
            to_status="accepted",
            via="app",
        )

        migrate(latest())
        ContentType.objects.clear_cache()
        self.assertEqual(Referral.objects.get(pk=referral.pk).notes, referral.notes)
        self.assertTrue(
            ReferralEvent.objects.filter(referral=referral, to_status="accepted").exists()
        )
        self.assertEqual(ContentType.objects.get_for_model(Referral).pk, type_id)
        self.assertEqual(
            PersonMerge.objects.get(pk=merge.pk).moved, {"referrals.Referral": [str(referral.pk)]}
        )
