"""Answers against a schema: validate what a form posted, encrypt personal numbers, display.

``clean_answers`` is the one validation of answers, keyed by field key with Chinese messages;
``protect_answers``/``reveal_answers`` encrypt and decrypt the values of sensitive fields
(phones, ID numbers, anything marked sensitive) with the registry's keys, so a visit record keeps
personal numbers as the elder's file does: encrypted at rest.
"""

from django.core.exceptions import ValidationError

from registry import crypto

from .kinds import REQUIRED, AnswerContext


def clean_answers(schema, raw_answers, context, partial=False):
    """Stored answers for ``raw_answers`` (a dict by key); ValidationError({key: [message]}) if any fail.

    Keys the schema doesn't know are dropped. With ``partial`` (saving a draft) required fields
    may stay blank; so may those of the care section (附件2 六) while nothing of it is filled: it is
    filled when care is delivered, not on every visit. Counters are left out: the system sets them
    on submission.
    """
    if not isinstance(raw_answers, dict):
        raise ValidationError({"__all__": ["填写内容格式不正确。"]})
    cleaned, errors = {}, {}
    for spec in schema.fields():
        if spec.kind == "counter":
            continue
        try:
            cleaned[spec.key] = spec.kind_spec.clean(spec, raw_answers.get(spec.key), context)
        except ValidationError as error:
            errors[spec.key] = error.error_list  # kept whole: a table's errors name their row and column
    if not partial:
        care = schema.care_section()
        waived = set() if care is None or schema.care_section_filled(cleaned) else {spec.key for spec in care.fields}
        for spec in schema.fields():
            if (spec.required and spec.key in cleaned and spec.key not in waived
                    and spec.kind_spec.is_blank(cleaned[spec.key])):
                errors[spec.key] = [str(REQUIRED)]
                del cleaned[spec.key]
    if errors:
        raise ValidationError(errors)
    return cleaned


def context_for(elder):
    from registry.dates import china_today

    return AnswerContext(today=china_today(), registered_on=elder.registered_on if elder else None)


def _transform_sensitive(schema, answers, transform):
    result = dict(answers)
    for spec in schema.fields():
        value = result.get(spec.key)
        if not value:
            continue
        if spec.kind == "text" and spec.kind_spec.is_sensitive(spec):
            result[spec.key] = transform(value)
        elif spec.kind == "table":
            sensitive = [column["key"] for column in spec.columns
                         if column.get("sensitive") or column.get("format") in ("phone", "id_number")]
            result[spec.key] = [{name: transform(cell) if name in sensitive and cell else cell
                                 for name, cell in row.items()} for row in value]
    return result


def _encrypt(value):
    return value if crypto.is_token(value) else crypto.encrypt(value)


def _decrypt(value):
    return crypto.decrypt(value) if crypto.is_token(value) else value


def protect_answers(schema, answers):
    return _transform_sensitive(schema, answers, _encrypt)


def reveal_answers(schema, answers):
    return _transform_sensitive(schema, answers, _decrypt)


def _counter_value(record, spec):
    return record.care_number if spec.options.get("counter") == "care" else record.visit_number


def display_sections(record, reveal=False):
    schema = record.schema
    answers = record.plain_answers()
    signatures = {signature.key: signature.image for signature in record.signatures.all()} if record.pk else {}
    sections = []
    for section in schema.sections:
        fields = []
        for spec in section.fields:
            value = _counter_value(record, spec) if spec.kind == "counter" else answers.get(spec.key)
            item = {"key": spec.key, "kind": spec.kind, "label": spec.label, "group": spec.group,
                    "help_text": spec.help_text, "required": spec.required, "value": value,
                    "display": spec.kind_spec.display(spec, value, reveal=reveal) if value is not None else ""}
            if spec.kind == "table":
                item["columns"] = [column["label"] for column in spec.columns]
                item["row_number_label"] = spec.option("row_number_label", "")
                item["display"] = item["display"] or []
            if spec.kind == "signature":
                item["signature"] = signatures.get(spec.key, "")
            fields.append(item)
        sections.append({"title": section.title, "fields": fields})
    return sections
