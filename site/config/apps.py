from django.apps import AppConfig
from django.urls import register_converter


class ConfigConfig(AppConfig):
    """Project-wide configuration: settings, URLs, WSGI, and checks that span apps."""

    name = "config"
    verbose_name = "配置"

    def ready(self):
        from .converters import DatabaseIdConverter

        register_converter(DatabaseIdConverter, "dbid")
