from django.core.management.base import BaseCommand

from directory.tasks import send_verification_reminders


class Command(BaseCommand):
    help = "Email providers the listings they have not confirmed within LISTING_VERIFY_DAYS (run daily)."

    def handle(self, *args, **options):
        result = send_verification_reminders.enqueue()
        self.stdout.write(f"Reminder task enqueued ({result.id}, {result.status}).")
