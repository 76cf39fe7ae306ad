"""Audit events can be added, never changed or deleted through the application (nor in PostgreSQL)."""

import pytest
from django.db import DatabaseError, connection, transaction

import audit
from audit.models import AppendOnlyError, AuditEvent
from tests.roles.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return audit.record_for_user(UserFactory(), "view")


def test_saving_an_existing_event_raises(event):
    event.action = "delete"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_deleting_an_event_raises(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_queryset_update_and_delete_raise(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="delete")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
class TestDatabaseGuard:
    def test_raw_update_and_delete_are_refused_by_the_database(self, event):
        for sql in ("UPDATE audit_auditevent SET action = 'delete'", "DELETE FROM audit_auditevent"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute(sql)
        assert AuditEvent.objects.get(pk=event.pk).action == "view"

    def test_deleting_the_user_only_clears_the_link(self, event):
        username = event.username
        event.user.delete()
        event = AuditEvent.objects.get(pk=event.pk)
        assert (event.user_id, event.username) == (None, username)

    def test_clearing_the_link_cannot_hide_another_change(self, event):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE audit_auditevent SET user_id = NULL, username = 'x'")
