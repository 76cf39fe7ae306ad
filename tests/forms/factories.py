"""Factories and builders for form definitions, visit records and follow-up rules."""

import base64
from datetime import timedelta

import factory
from django.contrib.auth.models import Group, Permission
from wagtail import blocks

from forms.models import FollowUpRule, FormDefinition
from forms.services import start_visit
from registry.dates import china_today
from tests.registry.factories import ElderFactory
from tests.roles.factories import UserFactory

# A 1x1 PNG: the smallest signature the checks accept.
PNG_BYTES = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
SIGNATURE = "data:image/png;base64," + base64.b64encode(PNG_BYTES).decode()

FORM_ADMIN_PERMISSIONS = ["add_formdefinition", "change_formdefinition", "publish_formdefinition",
                          "lock_formdefinition", "unlock_formdefinition", "add_followuprule",
                          "change_followuprule", "delete_followuprule", "view_formdefinition",
                          "view_followuprule"]


def visit_form():
    return FormDefinition.objects.visit_form()


def form_administrator(**user_fields):
    """A back-office account allowed to edit and publish form definitions and rules (no superuser)."""
    group, _ = Group.objects.get_or_create(name="表单管理员（测试）")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
                          *Permission.objects.filter(content_type__app_label="visit_forms",
                                                     codename__in=FORM_ADMIN_PERMISSIONS))
    user = UserFactory(**user_fields)
    user.groups.add(group)
    return user


def valid_answers(**overrides):
    """Answers that pass every check of the default 附件2 on a visit today; override by key."""
    answers = {
        "name": "张三",
        "visit_date": china_today().isoformat(),
        "visit_method": {"value": "home"},
        "family_change": {"value": "no_change"},
        "expression": "no_change",
        "mobility": "no_change",
        "illness": {"value": "no_change"},
        "mood": "better",
        "gas_safety": "safe",
        "water_heating_safety": "safe",
        "electricity_safety": "fairly_safe",
        "fire_safety": "safe",
        "personal_hygiene": "no_change",
        "home_hygiene": "no_change",
        "indoor_environment": "no_change",
        "emergency": {"value": False},
        "visitor_signature": {"image": SIGNATURE},
    }
    answers.update(overrides)
    return answers


def draft_record(elder=None, visitor=None, registered_days_ago=60):
    elder = elder or ElderFactory(registered_on=china_today() - timedelta(days=registered_days_ago))
    return start_visit(elder, visitor or UserFactory())


class FollowUpRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpRule

    title = factory.Sequence(lambda n: f"测试规则{n}")
    field_key = "mood"
    condition = "equals"
    values = "worse"
    kind = "health"


def block_post_data(block, value, prefix):
    """The POST data Wagtail's editor would send for ``value`` of ``block`` (StreamField forms)."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = len(value)
        for i, child in enumerate(value):
            data.update({f"{prefix}-{i}-type": child.block_type, f"{prefix}-{i}-deleted": "",
                         f"{prefix}-{i}-order": i, f"{prefix}-{i}-id": child.id or ""})
            data.update(block_post_data(child.block, child.value, f"{prefix}-{i}-value"))
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = len(value)
        for i, child in enumerate(value.bound_blocks):
            data.update({f"{prefix}-{i}-deleted": "", f"{prefix}-{i}-order": i, f"{prefix}-{i}-id": child.id or ""})
            data.update(block_post_data(block.child_block, child.value, f"{prefix}-{i}-value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(block_post_data(child_block, value[name], f"{prefix}-{name}"))
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
    else:
        data[prefix] = "" if value is None else str(value)
    return data


def definition_post_data(definition, **extra):
    """The edit form of ``definition`` as posted, with its current (possibly modified) sections."""
    data = {"name": definition.name, "code": definition.code, "description": definition.description,
            "footnote": definition.footnote}
    data.update(block_post_data(definition.sections.stream_block, definition.sections, "sections"))
    data.update(extra)
    return data
