"""Upgrading a database from before cases: follow-ups keep their rows and ids and each person
with follow-ups gets one case holding them; the content type keeps its id; the move undoes."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from cases.models import Case, FollowUp
from tests.referrals import test_concurrency

BEFORE = [("referrals", "0002_team_moved_to_staff"), ("cases", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


class FollowUpsMovedToCasesTests(TransactionTestCase):
    setUp = test_concurrency.ReferralConcurrencyTests.setUp
    make_referral = test_concurrency.ReferralConcurrencyTests.make_referral

    def test_old_follow_ups_get_a_case_per_person(self):
        first = self.make_referral()
        second = self.make_referral()
        type_id = ContentType.objects.get_for_model(FollowUp).pk
        ids = set(FollowUp.objects.values_list("pk", flat=True))
        self.assertEqual(len(ids), 4)

        old = migrate(BEFORE)
        OldFollowUp = old.get_model("referrals", "FollowUp")
        self.assertEqual(set(OldFollowUp.objects.values_list("pk", flat=True)), ids)
        old_type = old.get_model("contenttypes", "ContentType").objects.get(pk=type_id)
        self.assertEqual((old_type.app_label, old_type.model), ("referrals", "followup"))
        OldFollowUp.objects.filter(referral_id=second.pk).update(done_at=second.sent_at)

        migrate(latest())
        ContentType.objects.clear_cache()
        self.assertEqual(ContentType.objects.get_for_model(FollowUp).pk, type_id)
        (case,) = Case.objects.all()
        self.assertEqual(case.person, self.person)
        self.assertEqual(case.status, "active")  # the first referral's follow-ups are still open
        self.assertEqual(case.opened_at, first.sent_at)
        self.assertEqual((case.team, case.assigned_to), (self.team1, self.responder))
        self.assertEqual(set(case.follow_ups.values_list("pk", flat=True)), ids)
