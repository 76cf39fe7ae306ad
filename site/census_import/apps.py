from django.apps import AppConfig


class CensusImportConfig(AppConfig):
    name = "census_import"
    verbose_name = "名单导入"
    default_auto_field = "django.db.models.BigAutoField"
