from django.apps import AppConfig
from django.core import checks


class PrintingConfig(AppConfig):
    """PDFs of what staff print: elder files, visit records (附件2), monthly batches in the background."""

    name = "printing"
    verbose_name = "打印"

    def ready(self):
        from printing.checks import private_root_is_private

        checks.register(private_root_is_private)
