from django.apps import AppConfig


class PolicyPagesConfig(AppConfig):
    """The public site: policy, departments' duties, the record form, news and notices, search."""

    name = "policy_pages"
    verbose_name = "公开网站"

    def ready(self):
        from . import signals  # noqa: F401
