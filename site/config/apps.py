from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide configuration: settings, URLs, WSGI, and checks that span apps."""

    name = "config"
    verbose_name = "配置"
