from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """The elder registry: every special-difficulty elder, household, living conditions, consent."""

    name = "registry"
    verbose_name = "探访对象登记"

    def ready(self):
        from . import register

        register.connect()
