"""Answers against a schema: validate what a form posted, encrypt personal numbers, display.

``clean_answers`` is the one validation of answers, keyed by field key with Chinese messages;
``protect_answers``/``reveal_answers`` encrypt and decrypt the values of sensitive fields
(phones, ID numbers, anything marked sensitive) with the registry's keys, so a visit record keeps
personal numbers as the elder's file does: encrypted at rest.

``conceal_answers``/``restore_concealed`` keep ID numbers (``kinds.is_identity_number``) out of a
browser: a form shows them masked (staff) or not at all (visitors), and what it posts back as
shown (or blank) takes the stored number again, so a masked or absent value never replaces it.
"""

from django.core.exceptions import ValidationError

from registry import crypto

from .kinds import REQUIRED, AnswerContext, conceal, is_identity_number


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


def _identity_columns(spec):
    return [column for column in spec.columns if is_identity_number(column)] if spec.kind == "table" else []


def _is_identity_text(spec):
    return spec.kind == "text" and is_identity_number(spec.options)


def conceal_value(spec, value, hide, hidden=""):
    """The answer ``value`` of ``spec`` with its ID numbers masked, or ``hidden`` when ``hide`` (visitors)."""
    if not value:
        return value
    if _is_identity_text(spec):
        return conceal(value, spec.options, hide, hidden)
    if _identity_columns(spec) and isinstance(value, list):
        return [{**row, **{column["key"]: conceal(row.get(column["key"]), column, hide, hidden)
                           for column in _identity_columns(spec)}} if isinstance(row, dict) else row
                for row in value]
    return value


def conceal_answers(schema, answers, hide, hidden=""):
    """``answers`` with every ID number masked, or replaced by ``hidden`` when ``hide`` (visitors)."""
    result = dict(answers)
    for spec in schema.fields():
        if spec.key in result:
            result[spec.key] = conceal_value(spec, result[spec.key], hide, hidden)
    return result


def _unchanged(posted, stored, options, hide):
    """Whether a posted ID number is blank or exactly what a form showed of ``stored``: keep ``stored``."""
    posted = posted.strip() if isinstance(posted, str) else posted
    return bool(stored) and posted in (None, "", conceal(stored, options, hide))


def _restore_rows(spec, rows, stored_rows, hide):
    """Table rows with each ID cell left as shown given back its stored number.

    A posted row is the stored row whose number shows as the posted cell, preferring one of the
    same person (first column, the name); a blank cell is restored only for the same person.
    """
    person = next((column["key"] for column in spec.columns if not is_identity_number(column)), None)
    restored = [dict(row) if isinstance(row, dict) else row for row in rows]
    for column in _identity_columns(spec):
        key, unused = column["key"], [row for row in stored_rows if isinstance(row, dict)]
        for row in restored:
            if not isinstance(row, dict):
                continue
            shown = row.get(key)
            candidates = [old for old in unused if _unchanged(shown, old.get(key), column, hide)]
            same = [old for old in candidates
                    if person and (old.get(person) or "").strip() == str(row.get(person) or "").strip()]
            match = same[0] if same else candidates[0] if candidates and str(shown or "").strip() else None
            if match is not None:
                row[key] = match[key]
                unused.remove(match)
    return restored


def restore_concealed(schema, posted, stored, hide):
    """``posted`` answers with the ID numbers a form showed concealed (or left blank) taken from ``stored``."""
    result = dict(posted)
    for spec in schema.fields():
        value = result.get(spec.key)
        if _is_identity_text(spec) and _unchanged(value, stored.get(spec.key), spec.options, hide):
            result[spec.key] = stored[spec.key]
        elif _identity_columns(spec) and isinstance(value, list):
            result[spec.key] = _restore_rows(spec, value, stored.get(spec.key) or [], hide)
    return result


def _counter_value(record, spec):
    return record.care_number if spec.options.get("counter") == "care" else record.visit_number


def display_sections(record, reveal=False, hide_id_numbers=False):
    """The record's sections for reading (``VisitRecord.display_sections``): ID numbers left out
    with ``hide_id_numbers`` (visitors), masked unless ``reveal`` otherwise."""
    schema = record.schema
    answers = record.plain_answers()
    if hide_id_numbers or not reveal:
        answers = conceal_answers(schema, answers, hide=hide_id_numbers)
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
