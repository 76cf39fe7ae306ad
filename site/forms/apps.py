from django.apps import AppConfig


class FormsConfig(AppConfig):
    """Low-code form definitions (附件2 visit record) and their submissions.

    The definitions, versions and visit records arrive with the visit-form issue; the app is
    installed now so the layout and migrations history start in one place.
    """

    name = "forms"
    label = "visit_forms"
    verbose_name = "探访记录表"
