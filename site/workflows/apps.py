from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    """Case workflows (Viewflow): census, assignment, visits, referral, care service, review.

    The flows run on ``workflows.models.Case`` and ``CaseTask`` and are driven from the workbench
    through ``workflows.inbox``; Viewflow's own UI is not mounted.
    """

    name = "workflows"
    verbose_name = "工作流程"

    def ready(self):
        from . import census, flows, follow_ups, rollup  # noqa: F401

        census.connect()
