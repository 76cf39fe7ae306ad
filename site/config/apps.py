from django.apps import AppConfig
from django.urls import register_converter


class ConfigConfig(AppConfig):
    """Project-wide configuration: settings, URLs, WSGI, and checks that span apps."""

    name = "config"
    verbose_name = "配置"

    def ready(self):
        from config.csv_cells import protect_wagtail_exports

        from .converters import DatabaseIdConverter

        protect_wagtail_exports()
        register_converter(DatabaseIdConverter, "dbid")
