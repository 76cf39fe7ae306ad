from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.accounts import ensure_accounts, ensure_villages
from demo.cases import create_demo_cases
from demo.casework import create_demo_casework
from demo.elders import ensure_assignments, ensure_elders
from demo.history import ensure_visit_history
from registry.models import Elder


class Command(BaseCommand):
    help = ("Load demo villages, accounts (password tanfang-demo), 300 invented elders, 11 months of past "
            "visits, open cases and this month's referrals and emergencies for the demo accounts. Only on the demo "
            "site (TANFANG_DEMO_SITE, the dev settings).")

    def handle(self, *args, **options):
        if not settings.TANFANG_DEMO_SITE:
            raise CommandError("演示数据只能在演示环境（TANFANG_DEMO_SITE 开启）中加载，生产环境拒绝加载。")
        with transaction.atomic():
            villages = ensure_villages()
            accounts = ensure_accounts()
            created = ensure_elders(villages)
            assigned = ensure_assignments(accounts["volunteer"], accounts["township"], villages[0])
            visits = ensure_visit_history(accounts)
            cases = create_demo_cases(accounts, villages[0])
            casework = create_demo_casework(accounts)
        self.stdout.write(
            f"demo: {len(villages)} villages, {len(accounts)} accounts, {created} elders created "
            f"({Elder.objects.count()} in all), {assigned} assigned to volunteer, "
            f"{visits} past visit records, {cases} cases started, {casework} referrals and emergencies"
        )
