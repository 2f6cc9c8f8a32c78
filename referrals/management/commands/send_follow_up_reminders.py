from django.core.management.base import BaseCommand

from referrals.tasks import send_follow_up_reminders


class Command(BaseCommand):
    help = (
        "Enqueue the follow-up reminder emails (run every 15 minutes from cron or a systemd timer)."
    )

    def handle(self, *args, **options):
        result = send_follow_up_reminders.enqueue()
        self.stdout.write(f"Reminder task enqueued ({result.id}, {result.status}).")
