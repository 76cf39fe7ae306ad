"""Sections 一 to 四 of a new visit record, taken from the elder's file (keys = Elder field names)."""

from registry import choices


def _yes_no(value):
    return {"value": bool(value), "detail": ""}


def _label(choice_class, code):
    return str(dict(choice_class.choices).get(code, code or ""))


def _household(elder):
    return [{"name": member.name, "sex": _label(choices.Sex, member.sex), "id_number": member.id_number,
             "relation": _label(choices.HouseholdRelation, member.relation), "health": member.health,
             "assistance_status": _label(choices.AssistanceStatus, member.assistance_status)}
            for member in elder.household_members.all()]


def _address(elder):
    township = elder.village.parent
    county = township.parent if township else None
    return {"county": county.name if county else "", "township": township.name if township else "",
            "village": elder.village.name}


def elder_answers(elder):
    """Answers by key for the fields of 附件2 sections 一 to 四; the caller validates them."""
    categories = set(elder.categories.values_list("code", flat=True))
    providers = list(elder.assistance_providers or [])
    benefits = f"{elder.monthly_benefits_amount}元" if elder.monthly_benefits_amount else ""
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
        "monthly_benefits_note": "，".join(part for part in (benefits, elder.monthly_benefits_note) if part),
        "assistance_providers": {"value": providers, "other": elder.assistance_provider_other},
        "assistance_person": elder.assistance_person,
        "assistance_measures": elder.assistance_measures,
    }
