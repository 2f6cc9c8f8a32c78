"""A database from before the move keeps its teams, profiles and audit log, now read as ``staff``."""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from staff.models import AuditEvent, StaffProfile, Team

BEFORE = [("outreach", "0004_referrals_moved_out"), ("referrals", "0001_initial"), ("staff", None)]


class StaffMovedFromOutreachTests(TransactionTestCase):
    def _migrate(self, targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        # (app, None) means "none of that app's migrations": the state is that of the others.
        return executor.loader.project_state([target for target in targets if target[1]]).apps

    def tearDown(self):
        self._migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def test_rows_written_before_the_move_read_back_through_the_staff_models(self):
        old = self._migrate(BEFORE)
        OldTeam = old.get_model("outreach", "Team")
        OldProfile = old.get_model("outreach", "StaffProfile")
        OldAuditEvent = old.get_model("outreach", "AuditEvent")
        OldContentType = old.get_model("contenttypes", "ContentType")
        # As on a database that has never seen the staff app: its content types come from outreach's.
        OldContentType.objects.filter(app_label="staff").delete()
        team_type = OldContentType.objects.get_or_create(app_label="outreach", model="team")[0]
        user = old.get_model("auth", "User").objects.create(username="old-responder")
        team = OldTeam.objects.create(name="North")
        OldProfile.objects.create(user=user, role="responder", team=team)
        person_id = uuid.uuid4()
        OldAuditEvent.objects.create(
            user=user, username="old-responder", action="view_person", person_id=person_id
        )

        self._migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

        self.assertEqual(Team.objects.get().name, "North")
        profile = StaffProfile.objects.get(user__username="old-responder")
        self.assertEqual((profile.role, profile.team.name), ("responder", "North"))
        event = AuditEvent.objects.get()
        self.assertEqual(
            (event.user, event.action, event.person_id),
            (get_user_model().objects.get(), "view_person", person_id),
        )
        ContentType.objects.clear_cache()
        self.assertEqual(ContentType.objects.get(app_label="staff", model="team").pk, team_type.pk)
