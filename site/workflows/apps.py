from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Case workflows (Viewflow): census, assignment, visits, referral, care service, review.

    The flows arrive with the workflow issue; the app is installed now so the layout is complete.
    """

    name = "workflows"
    verbose_name = "工作流程"
