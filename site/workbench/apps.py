from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    """The phone-first 工作台 where township, village, visitor and department staff do case work."""

    name = "workbench"
    verbose_name = "工作台"
