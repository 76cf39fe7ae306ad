from django.apps import AppConfig


class PrintingConfig(AppConfig):
    """PDFs of what staff print: elder files now, the blank 附件2 record form next (WeasyPrint)."""

    name = "printing"
    verbose_name = "打印"
