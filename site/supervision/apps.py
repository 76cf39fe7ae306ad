from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    """监督看板 and reports upward (报表): what township, county, city and province officers supervise.

    Every figure is a sum over the rollups (``workflows.rollup``) or a count grouped by region, never
    a loop over elders; see the figure modules for the definitions.
    """

    name = "supervision"
    verbose_name = "监督与报表"
