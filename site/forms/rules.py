"""Follow-up rules: which answers of a submitted visit call for action, and by whom.

``evaluate_rules(record)`` compares every active ``FollowUpRule`` with the record's answers by
field key and creates one ``FollowUpFlag`` per matching rule; running it again adds nothing.
"""

from django.utils.translation import gettext as _

from .choices import RuleCondition


def rule_matches(rule, spec, value):
    """Whether ``value`` (a stored answer of field ``spec``) meets ``rule``'s condition."""
    if spec is None or value is None:
        return False
    kind = spec.kind_spec
    if rule.condition == RuleCondition.NOT_EMPTY:
        return not kind.is_blank(value)
    primary = kind.primary(value)
    if rule.condition == RuleCondition.IS_TRUE:
        return primary is True
    chosen = primary if isinstance(primary, list) else [primary]
    return any(str(item) in rule.value_list for item in chosen if item not in (None, ""))


def evaluate_rules(record):
    """Flags for every active rule the submitted ``record`` meets; existing flags are kept, not duplicated.

    Runs in the transaction of ``submit_visit``, which submits the record and flags it, or neither."""
    from .models import FollowUpFlag, FollowUpRule

    schema = record.schema
    answers = record.plain_answers()
    flags = []
    for rule in FollowUpRule.objects.filter(active=True).select_related("department"):
        spec = schema.field(rule.field_key)
        value = answers.get(rule.field_key)
        if not rule_matches(rule, spec, value):
            continue
        flag, _created = FollowUpFlag.objects.get_or_create(record=record, rule=rule, defaults={
            "kind": rule.kind, "title": rule.title, "department": rule.department, "field_key": rule.field_key,
            "detail": spec.kind_spec.display(spec, value)})
        flags.append(flag)
    return flags


def live_specs(field_key):
    """The field ``field_key`` as each live form definition has it (none if no live form has it)."""
    from .models import FormDefinition

    return [spec for definition in FormDefinition.objects.filter(live=True)
            for spec in [definition.schema().field(field_key)] if spec is not None]


def field_label(field_key, specs=None):
    """A field as people know it (消防安全), not its key (fire_safety); the key if no live form has it."""
    specs = live_specs(field_key) if specs is None and field_key else specs or []
    return specs[0].label if specs else field_key


def rule_field_errors(rule):
    """Chinese messages about a rule's field key and values, checked against the live definitions."""
    specs = live_specs(rule.field_key)
    if not rule.field_key or not specs:
        return {"field_key": [_("已发布的表单中没有字段标识“%(key)s”。") % {"key": rule.field_key}]}
    if rule.condition != RuleCondition.EQUALS:
        return {}
    allowed = {str(value): str(label) for spec in specs for value, label in spec.choices}
    if not allowed:
        return {}
    unknown = [value for value in rule.value_list if value not in allowed]
    if unknown:
        listed = "、".join(f"{value}（{label}）" for value, label in allowed.items())
        return {"values": [_("“%(values)s”不是该字段的选项值。可选值：%(listed)s") % {
            "values": "、".join(unknown), "listed": listed}]}
    return {}
