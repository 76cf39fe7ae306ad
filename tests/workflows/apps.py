from django.apps import AppConfig


class WorkflowTestsConfig(AppConfig):
    """Installed by the test settings only, so that Viewflow can name the flows of the tests."""

    name = "tests.workflows"
    label = "workflow_tests"
