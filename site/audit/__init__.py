"""Who did what to which record, and when: the audit trail (PIPL art. 51, 等保 2.0 level 3).

Rows of ``AuditEvent`` are append-only: the application can add them but never change or
delete them; only ``manage.py prune_audit_events`` removes rows, and only those older than the
retention period (``TANFANG_AUDIT_RETENTION_DAYS``, at least 180 days).

API for other apps::

    import audit

    audit.record(request, "view", elder)                       # someone opened a record
    audit.record(request, "list", Elder, filters=["village"])  # a listing (a model class: no id)
    audit.record(request, "reveal", elder, field="id_number", reason="核对身份")
    audit.record(request, "denied", elder, outcome="denied")
    audit.record_for_user(user, "export", Elder, ip=None, rows=120)   # code without a request

    AuditEvent.objects.for_object(elder)   # who looked at this record, newest first

``action`` is one of ``audit.models.Action`` (login, login_failed, lockout, logout, list, view,
create, change, delete, export, print, reveal, denied, ...); ``outcome`` one of ``Outcome``
(success, denied, failure). ``obj`` is a model instance, a model class or None: the event keeps
its label (``registry.elder``), its primary key and a description without personal data
("老年人 #123"). Keyword arguments go to ``detail`` (JSON): give reasons, field *names*, counts,
never values; ID and phone numbers in ``detail`` are masked anyway.

Creates, changes and deletes of elders, household members, assignments and staff profiles are
recorded automatically (with the names of the changed fields) by ``audit.signals``; the acting
user and IP come from ``audit.middleware.AuditContextMiddleware``, or are "system" when the
change comes from a management command. Logins, logouts, failed logins and lockouts are
recorded from Django's and django-axes' signals.
"""


def record(request, action, obj=None, outcome="success", **detail):
    """Record what the user of ``request`` did; returns the saved ``AuditEvent``."""
    from audit.recording import record as _record

    return _record(request, action, obj, outcome, **detail)


def record_for_user(user, action, obj=None, outcome="success", ip=None, path="", **detail):
    """Record an action of ``user`` (None or anonymous: "system") outside a request."""
    from audit.recording import record_for_user as _record_for_user

    return _record_for_user(user, action, obj, outcome, ip=ip, path=path, **detail)
