"""Sections 一 to 四 of a new visit record, taken from the elder's file (keys = Elder field names).

``forms.writeback`` is the way back: what a visit changed in these sections, written to the file.
"""

from django.core.exceptions import ValidationError

from registry import choices

from .answers import clean_answers, context_for

# The columns of the household table (HouseholdMember field names); those with a code in the file
# show its label on the form.
HOUSEHOLD_COLUMNS = ["name", "sex", "id_number", "relation", "health", "assistance_status"]
HOUSEHOLD_CHOICES = {"sex": choices.Sex, "relation": choices.HouseholdRelation,
                     "assistance_status": choices.AssistanceStatus}


def _yes_no(value):
    return {"value": bool(value), "detail": ""}


def _label(choice_class, code):
    return str(dict(choice_class.choices).get(code, code or ""))


def _household(elder):
    return [{column: _label(HOUSEHOLD_CHOICES[column], value) if column in HOUSEHOLD_CHOICES else value
             for column in HOUSEHOLD_COLUMNS for value in [getattr(member, column)]}
            for member in elder.household()]


def _address(elder):
    township = elder.village.parent
    county = township.parent if township else None
    return {"county": county.name if county else "", "township": township.name if township else "",
            "village": elder.village.name}


def benefits_text(amount, note):
    """附件2's one cell for the monthly benefits: "300元，城乡居民养老保险" (``writeback.split_benefits``)."""
    return "，".join(part for part in (f"{amount}元" if amount else "", note) if part)


def elder_answers(elder):
    """Answers by key for the fields of 附件2 sections 一 to 四; the caller validates them."""
    categories = set(elder.categories.values_list("code", flat=True))
    providers = list(elder.assistance_providers or [])
    return {
        **_address(elder),
        "lives_at_registered_residence": _yes_no(elder.lives_at_registered_residence),
        "name": elder.name,
        "phone": elder.phone,
        "emergency_contact_name": elder.emergency_contact_name,
        "emergency_contact_phone": elder.emergency_contact_phone,
        "is_disabled": _yes_no(elder.is_disabled),
        "disability_certificate_number": elder.disability_certificate_number,
        "living_alone_or_empty_nest": _yes_no(categories & {"living_alone", "empty_nest"}),
        "left_behind": _yes_no("left_behind" in categories),
        "disabled": _yes_no("disabled" in categories),
        "family_planning_special": _yes_no("family_planning_special" in categories),
        "household_members": _household(elder),
        "water_safety": elder.water_safety,
        "utilities_safety": elder.utilities_safety,
        "housing_safety": elder.housing_safety,
        "monthly_income": str(elder.monthly_income) if elder.monthly_income is not None else "",
        "monthly_benefits_note": benefits_text(elder.monthly_benefits_amount, elder.monthly_benefits_note),
        "assistance_providers": {"value": providers, "other": elder.assistance_provider_other},
        "assistance_person": elder.assistance_person,
        "assistance_measures": elder.assistance_measures,
    }


def file_answers(schema, elder):
    """``elder_answers`` cleaned for ``schema``; a value the schema refuses (an administrator changed
    a mirrored field) is left out rather than refusing the rest."""
    answers, context = elder_answers(elder), context_for(elder)
    try:
        return clean_answers(schema, answers, context, partial=True)
    except ValidationError as error:
        return clean_answers(schema, {k: v for k, v in answers.items() if k not in error.message_dict}, context,
                             partial=True)
