"""Helpers of the visit tests: a good section 五, starting a visit, posting the form as a browser would."""

from django.urls import reverse

from forms.answer_forms import TableField
from registry.dates import china_today
from tests.forms.factories import SIGNATURE

GOOD = {
    "visit_date": china_today().isoformat(), "visit_method": "home", "family_change": "no_change",
    "expression": "no_change", "mobility": "no_change", "illness": "no_change", "mood": "better",
    "gas_safety": "safe", "water_heating_safety": "safe", "electricity_safety": "fairly_safe",
    "fire_safety": "safe", "personal_hygiene": "no_change", "home_hygiene": "no_change",
    "indoor_environment": "no_change", "emergency": "false", "visitor_signature__image": SIGNATURE,
    "elder_signature__unable": "on", "elder_signature__reason": "双手颤抖",
}


def start(client, user, elder):
    client.force_login(user)
    return client.post(reverse("workbench:visit_start", args=[elder.pk]))


def posted(record, client, **changes):
    """The form as the browser would post it: its initial values, then ``changes``."""
    return form_data(client.get(reverse("workbench:visit_edit", args=[record.pk])), **changes)


def form_data(page, **changes):
    """The visit form of ``page`` as the browser would post it: its initial values, then ``changes``."""
    form = page.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, TableField):  # one input per cell
            data.update({f"{name}-{number}-{column}": cell for number, row in enumerate(value or [])
                         for column, cell in row.items()})
        elif value not in (None, "", False, []):
            data[name] = value
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}
