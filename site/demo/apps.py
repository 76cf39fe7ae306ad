from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts, villages and elders for trying tanfang locally; refused when DEBUG is off."""

    name = "demo"
    verbose_name = "演示数据"
