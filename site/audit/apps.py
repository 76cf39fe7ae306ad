from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only audit trail: logins, record access and changes, kept for 180 days or more."""

    name = "audit"
    verbose_name = "审计日志"

    def ready(self):
        from django.db.models.signals import post_migrate

        from audit import signals
        from audit.groups import ensure_audit_group

        signals.connect()
        post_migrate.connect(ensure_audit_group, dispatch_uid="audit.ensure_audit_group")
