"""Automatic audit events: changes to personal-data models, and authentication.

Changes are found by comparing the row in the database (loaded in ``pre_save``) with what is
being saved; only the *names* of the changed fields are recorded.
"""

from django.apps import apps
from django.contrib.auth import signals as auth_signals
from django.db.models import signals as model_signals

from audit.context import current_request
from audit.models import Action, Outcome
from audit.recording import client_ip, record, record_anonymous, record_for_user

TRACKED_MODELS = ["registry.Elder", "registry.HouseholdMember", "registry.Assignment", "roles.StaffProfile"]
# Many-to-many fields whose changes count as a change of the record that holds them.
TRACKED_M2M = {"registry.Elder": ["categories"]}


def record_current(action, obj, outcome=Outcome.SUCCESS, **detail):
    """Record for the request being served, or as "system" when there is none."""
    request = current_request.get()
    if request is not None:
        return record(request, action, obj, outcome, **detail)
    return record_for_user(None, action, obj, outcome, **detail)


def _tracked_values(instance):
    """Field name -> value of the concrete fields a person edits (auto timestamps left out)."""
    return {
        field.attname: field.value_from_object(instance)
        for field in instance._meta.concrete_fields
        if not field.primary_key and not getattr(field, "auto_now", False)
    }


def remember_previous_row(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._audit_previous = None
        return
    previous = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_previous = _tracked_values(previous) if previous is not None else None


def record_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    previous = getattr(instance, "_audit_previous", None)
    instance._audit_previous = None
    if created or previous is None:
        record_current(Action.CREATE, instance)
        return
    current = _tracked_values(instance)
    changed = sorted(_field_name(sender, name) for name, value in current.items() if previous.get(name) != value)
    if changed:  # inline children are saved again unchanged with their parent: not an action
        record_current(Action.CHANGE, instance, changed_fields=changed)


def _field_name(model, attname):
    return next(field.name for field in model._meta.concrete_fields if field.attname == attname)


def record_delete(sender, instance, **kwargs):
    record_current(Action.DELETE, instance)


def record_m2m_change(field_name):
    def receiver(sender, instance, action, reverse, **kwargs):
        if not reverse and action in ("post_add", "post_remove", "post_clear"):
            record_current(Action.CHANGE, instance, changed_fields=[field_name])

    return receiver


def record_login(sender, request, user, **kwargs):
    record_for_user(user, Action.LOGIN, ip=client_ip(request), path=request.path)


def record_logout(sender, request, user, **kwargs):
    # A logout the site forces (session limit) names its reason on the request.
    reason = getattr(request, "audit_logout_reason", "")
    detail = {"reason": reason} if reason else {}
    record_for_user(user, Action.LOGOUT, ip=client_ip(request), path=request.path, **detail)


def record_login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))
    record_anonymous(request, Action.LOGIN_FAILED, username, Outcome.FAILURE, attempted_username=username)


def record_lockout(sender, request, username, ip_address=None, **kwargs):
    record_anonymous(request, Action.LOCKOUT, username or "", Outcome.DENIED, attempted_username=username or "")


def connect():
    for label in TRACKED_MODELS:
        model = apps.get_model(label)
        uid = f"audit.{model._meta.label_lower}"
        model_signals.pre_save.connect(remember_previous_row, sender=model, dispatch_uid=f"{uid}.pre_save")
        model_signals.post_save.connect(record_save, sender=model, dispatch_uid=f"{uid}.post_save")
        model_signals.post_delete.connect(record_delete, sender=model, dispatch_uid=f"{uid}.post_delete")
        for field_name in TRACKED_M2M.get(label, []):
            through = model._meta.get_field(field_name).remote_field.through
            model_signals.m2m_changed.connect(
                record_m2m_change(field_name), sender=through, weak=False, dispatch_uid=f"{uid}.{field_name}")
    auth_signals.user_logged_in.connect(record_login, dispatch_uid="audit.login")
    auth_signals.user_logged_out.connect(record_logout, dispatch_uid="audit.logout")
    auth_signals.user_login_failed.connect(record_login_failed, dispatch_uid="audit.login_failed")
    from axes.signals import user_locked_out

    user_locked_out.connect(record_lockout, dispatch_uid="audit.lockout")
