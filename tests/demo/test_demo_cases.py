"""``load_demo_data`` leaves work in 我的待办 for the demo accounts, started once, through the real flows."""

from collections import Counter

import pytest
from django.core.management import call_command

from demo.accounts import ensure_accounts
from registry.choices import ElderStatus
from workflows import inbox
from workflows.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(settings):
    settings.TANFANG_DEMO_SITE = True
    call_command("load_demo_data")
    return ensure_accounts()


def titles(user):
    return Counter((task.flow_task.task_title, task.owner_id == user.pk) for task in inbox.inbox(user))


def test_demo_accounts_find_their_work(accounts):
    assert titles(accounts["village"]) == {("入户核实", False): 1}
    assert titles(accounts["township"]) == {("入户核实", False): 1, ("审核", False): 1, ("逾期探访督办", False): 1,
                                            ("紧急情况处置", False): 1, ("满意度评价", False): 1}
    assert titles(accounts["volunteer"]) == {("上门探访", True): 10}
    overdue = [task for task in inbox.inbox(accounts["volunteer"]) if task.is_overdue]
    assert len(overdue) == 1 and overdue == list(inbox.inbox(accounts["volunteer"]))[:1]


def test_loading_again_starts_nothing(accounts, settings):
    cases = Case.objects.count()
    call_command("load_demo_data")
    assert Case.objects.count() == cases
    statuses = Counter(Case.objects.filter(elder__status__in=[ElderStatus.PENDING, ElderStatus.VERIFIED])
                       .values_list("elder__status", flat=True))
    assert statuses == {ElderStatus.PENDING: 1, ElderStatus.VERIFIED: 1}


def test_register_counts_follow_the_demo_writes(accounts):
    """The census cases put elders back to 待核实 with ``QuerySet.update``: the village counts follow."""
    from django.db.models import Count

    from registry.models import Elder, VillageRegister

    kept = {row.village_id: row.active for row in VillageRegister.objects.all() if row.active}
    counted = Elder.objects.filter(status=ElderStatus.ACTIVE).values_list("village_id").annotate(n=Count("pk"))
    assert Elder.objects.filter(status=ElderStatus.PENDING).exists()
    assert kept == dict(counted.order_by())
