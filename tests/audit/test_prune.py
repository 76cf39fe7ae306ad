"""prune_audit_events: refuses a cut-off within the retention period, deletes older rows, is audited."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def event_aged(days):
    return AuditEvent.objects.create(occurred_at=timezone.now() - timedelta(days=days), action="view",
                                     username="someone")


@pytest.mark.parametrize("args", [["--older-than-days", "179"], ["--older-than-days", "0"],
                                  ["--before", (timezone.localdate() - timedelta(days=100)).isoformat()]])
def test_refuses_a_cut_off_within_180_days(args):
    young = event_aged(170)
    with pytest.raises(CommandError, match="至少保存180天"):
        call_command("prune_audit_events", *args)
    assert AuditEvent.objects.filter(pk=young.pk).exists()


def test_the_command_exits_non_zero_with_a_message(capsys):
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "prune_audit_events", "--older-than-days", "30"]).execute()
    assert exit_info.value.code != 0
    assert "至少保存180天" in capsys.readouterr().err


def test_deletes_older_rows_only_and_records_itself():
    old, kept = event_aged(400), event_aged(100)
    call_command("prune_audit_events", "--older-than-days", "365")
    assert not AuditEvent.objects.filter(pk=old.pk).exists()
    assert AuditEvent.objects.filter(pk=kept.pk).exists()
    prune = AuditEvent.objects.get(action="prune")
    assert (prune.username, prune.detail["deleted"]) == ("system", 1)


def test_before_a_date():
    old = event_aged(500)
    call_command("prune_audit_events", "--before", (timezone.localdate() - timedelta(days=300)).isoformat())
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


@override_settings(TANFANG_AUDIT_RETENTION_DAYS=365)
def test_a_longer_retention_setting_is_honoured():
    with pytest.raises(CommandError, match="至少保存365天"):
        call_command("prune_audit_events", "--older-than-days", "200")


@override_settings(TANFANG_AUDIT_RETENTION_DAYS=30)
def test_a_retention_setting_below_180_days_counts_as_180():
    with pytest.raises(CommandError, match="至少保存180天"):
        call_command("prune_audit_events", "--older-than-days", "100")
