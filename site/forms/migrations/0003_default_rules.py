"""The default follow-up rules: hazards, health, needs and emergencies found on a visit (方案 六(三))."""

from django.db import migrations

# (title, field key, condition, values, kind, department code)
DEFAULT_RULES = [
    ("燃气存在安全隐患", "gas_safety", "equals", "unsafe", "hazard", ""),
    ("水暖存在安全隐患", "water_heating_safety", "equals", "unsafe", "hazard", ""),
    ("用电存在安全隐患", "electricity_safety", "equals", "unsafe", "hazard", ""),
    ("消防存在安全隐患", "fire_safety", "equals", "unsafe", "hazard", "fire_rescue"),
    ("表达能力较差", "expression", "equals", "worse", "health", "health"),
    ("行动能力较差", "mobility", "equals", "worse", "health", "health"),
    ("情绪状态较差", "mood", "equals", "worse", "health", "health"),
    ("疾病状况严重", "illness", "equals", "serious", "health", "health"),
    ("老年人有服务需求", "service_needs", "not_empty", "", "need", ""),
    ("探访中发现紧急情况", "emergency", "is_true", "", "emergency", ""),
]


def create_default_rules(apps, schema_editor):
    FollowUpRule = apps.get_model("visit_forms", "FollowUpRule")
    Department = apps.get_model("roles", "Department")
    if FollowUpRule.objects.exists():
        return
    departments = {department.code: department for department in Department.objects.all()}
    for order, (title, key, condition, values, kind, department) in enumerate(DEFAULT_RULES, start=1):
        FollowUpRule.objects.create(title=title, field_key=key, condition=condition, values=values, kind=kind,
                                    department=departments.get(department), sort_order=order)


class Migration(migrations.Migration):
    dependencies = [
        ("visit_forms", "0002_default_definition"),
        ("roles", "0002_reference_data"),
    ]

    operations = [migrations.RunPython(create_default_rules, migrations.RunPython.noop)]
