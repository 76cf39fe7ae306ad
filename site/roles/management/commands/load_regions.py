from django.core.management.base import BaseCommand

from roles.models import Region
from roles.reference import load_regions


class Command(BaseCommand):
    help = "Load or update Guangxi's official division codes (cities, counties, townships)."

    def handle(self, *args, **options):
        created, updated = load_regions(Region)
        self.stdout.write(f"regions: {created} created, {updated} renamed, {Region.objects.count()} in all")
