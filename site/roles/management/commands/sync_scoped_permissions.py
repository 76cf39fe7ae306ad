from django.core.management.base import BaseCommand

from roles.permissions import sync_all


class Command(BaseCommand):
    help = "Re-grant the object permissions of every placement and current assignment (django-guardian)."

    def handle(self, *args, **options):
        profiles, assignments = sync_all()
        self.stdout.write(f"scoped permissions: {profiles} placements, {assignments} current assignments")
