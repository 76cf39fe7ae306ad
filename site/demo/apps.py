from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts, villages and elders for trying tanfang locally; refused unless TANFANG_DEMO_SITE."""

    name = "demo"
    verbose_name = "演示数据"
