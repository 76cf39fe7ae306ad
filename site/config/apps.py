from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide configuration: settings, URLs, WSGI, and checks that span apps."""

    name = "config"
    verbose_name = "配置"

    def ready(self):
        from config.csv_cells import protect_wagtail_exports

        protect_wagtail_exports()
