"""Follow-up rules: the defaults fire on the answers they name, once per record and rule."""

import pytest
from django.core.exceptions import ValidationError

from forms.choices import FlagStatus
from forms.models import FollowUpFlag, FollowUpRule
from forms.rules import evaluate_rules
from forms.services import submit_visit
from tests.forms.factories import FollowUpRuleFactory, draft_record, valid_answers

pytestmark = pytest.mark.django_db


def _submit(**answers):
    record = draft_record()
    return submit_visit(record, valid_answers(**answers), record.visitor)


def _flags(record):
    return sorted((flag.kind, flag.title, flag.department.name if flag.department else "")
                  for flag in record.follow_up_flags.all())


def test_default_rules():
    rules = {(rule.field_key, rule.condition, rule.values, rule.kind, rule.department.code if rule.department else "")
             for rule in FollowUpRule.objects.all()}
    assert rules == {
        ("gas_safety", "equals", "unsafe", "hazard", ""),
        ("water_heating_safety", "equals", "unsafe", "hazard", ""),
        ("electricity_safety", "equals", "unsafe", "hazard", ""),
        ("fire_safety", "equals", "unsafe", "hazard", "fire_rescue"),
        ("expression", "equals", "worse", "health", "health"),
        ("mobility", "equals", "worse", "health", "health"),
        ("mood", "equals", "worse", "health", "health"),
        ("illness", "equals", "serious", "health", "health"),
        ("service_needs", "not_empty", "", "need", ""),
        ("emergency", "is_true", "", "emergency", ""),
    }


def test_a_calm_visit_raises_nothing():
    assert _flags(_submit()) == []


def test_each_default_rule_fires():
    record = _submit(gas_safety="unsafe", water_heating_safety="unsafe", electricity_safety="unsafe",
                     fire_safety="unsafe", expression="worse", mobility="worse", mood="worse",
                     illness={"value": "serious", "illness_name": "高血压"}, service_needs="需要助浴",
                     emergency={"value": True, "detail": "独自在家跌倒"})
    assert _flags(record) == sorted([
        ("hazard", "燃气存在安全隐患", ""), ("hazard", "水暖存在安全隐患", ""), ("hazard", "用电存在安全隐患", ""),
        ("hazard", "消防存在安全隐患", "消防救援机构"),
        ("health", "表达能力较差", "卫生健康部门"), ("health", "行动能力较差", "卫生健康部门"),
        ("health", "情绪状态较差", "卫生健康部门"), ("health", "疾病状况严重", "卫生健康部门"),
        ("need", "老年人有服务需求", ""), ("emergency", "探访中发现紧急情况", ""),
    ])
    details = {flag.field_key: flag.detail for flag in record.follow_up_flags.all()}
    assert details["illness"] == "严重（疾病名称：高血压）"
    assert details["emergency"] == "是（独自在家跌倒）"
    assert details["fire_safety"] == "不安全"
    assert all(flag.status == FlagStatus.OPEN for flag in record.follow_up_flags.all())


def test_fairly_safe_and_no_emergency_raise_nothing():
    assert _flags(_submit(gas_safety="fairly_safe", emergency={"value": False}, service_needs="")) == []


def test_evaluation_is_idempotent():
    record = _submit(fire_safety="unsafe")
    assert record.follow_up_flags.count() == 1
    evaluate_rules(record)
    evaluate_rules(record)
    assert FollowUpFlag.objects.filter(record=record).count() == 1


def test_inactive_rules_are_skipped_and_new_rules_apply_on_reevaluation():
    FollowUpRule.objects.filter(field_key="fire_safety").update(active=False)
    record = _submit(fire_safety="unsafe", personal_hygiene="worse")
    assert _flags(record) == []
    FollowUpRuleFactory(title="个人卫生较差", field_key="personal_hygiene", values="worse", kind="health")
    evaluate_rules(record)
    assert _flags(record) == [("health", "个人卫生较差", "")]


def test_flags_keep_their_title_when_the_rule_changes():
    record = _submit(mood="worse")
    FollowUpRule.objects.filter(field_key="mood").update(title="新标题")
    flag = record.follow_up_flags.get()
    assert flag.title == "情绪状态较差"
    evaluate_rules(record)
    assert record.follow_up_flags.get().title == "情绪状态较差"


class TestRuleValidation:
    def test_unknown_field_key(self):
        rule = FollowUpRule(title="x", field_key="no_such_field", condition="not_empty", kind="need")
        with pytest.raises(ValidationError) as info:
            rule.full_clean()
        assert info.value.message_dict == {"field_key": ["已发布的表单中没有字段标识“no_such_field”。"]}

    def test_equals_needs_values_that_are_choices(self):
        rule = FollowUpRule(title="x", field_key="mood", condition="equals", values="", kind="health")
        with pytest.raises(ValidationError) as info:
            rule.full_clean()
        assert info.value.message_dict == {"values": ["条件为“等于其中一个值”时请填写值。"]}
        rule.values = "worse，bad"
        with pytest.raises(ValidationError) as info:
            rule.full_clean()
        assert info.value.message_dict == {"values": [
            "“bad”不是该字段的选项值。可选值：no_change（无变化）、better（较好）、worse（较差）"]}
        rule.values = "worse,better"
        rule.full_clean()
