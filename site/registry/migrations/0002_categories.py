"""The six categories of 方案 三 (探访关爱服务对象)."""

from django.db import migrations

CATEGORIES = [
    ("living_alone", "独居"),
    ("empty_nest", "空巢"),
    ("left_behind", "留守"),
    ("disabled", "失能"),
    ("severely_handicapped", "重残"),
    ("family_planning_special", "计划生育特殊家庭"),
]


def create_categories(apps, schema_editor):
    Category = apps.get_model("registry", "Category")
    for sort_order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.update_or_create(code=code, defaults={"name": name, "sort_order": sort_order})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
