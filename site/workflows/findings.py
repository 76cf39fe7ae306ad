"""What the visit behind a referral found, as the department that must act is shown it (issue 9, item 23).

``findings(referral)`` gives the answers that raised the flag by their labels ("消防安全：不安全",
never the code ``unsafe``), the visitor's own words (老年人服务需求, 实施关爱服务建议)
and the phones to call: masked on the page, dialled through a ``tel:`` link.
"""

from dataclasses import dataclass, field

from forms.answers import conceal_value
from registry.phones import mask_phone

# Long-text answers of 附件2 section 五 in which the visitor describes what they found.
DESCRIPTION_KEYS = ("service_needs", "suggestions")


@dataclass
class Phone:
    label: str
    name: str
    number: str

    @property
    def masked(self):
        return mask_phone(self.number)


@dataclass
class Findings:
    answers: list = field(default_factory=list)       # (label, answer as shown)
    descriptions: list = field(default_factory=list)  # (label, text)
    phones: list = field(default_factory=list)        # Phone


def _label(spec):
    return f"{spec.group}·{spec.label}" if spec.group else spec.label


def findings(referral):
    """The ``Findings`` of ``referral``'s visit; empty answers and descriptions for one not raised by a visit."""
    elder = referral.elder
    result = Findings(phones=[phone for phone in (
        Phone("老年人电话", elder.name, elder.phone),
        Phone("第一探访联系人", elder.first_contact_name, elder.first_contact_phone)) if phone.number])
    flag = referral.flag
    if flag is None or flag.record_id is None:
        return result
    record = flag.record
    schema, answers = record.schema, record.plain_answers()
    spec = schema.field(flag.field_key)
    if spec is not None and answers.get(spec.key) is not None:
        value = conceal_value(spec, answers[spec.key], hide=True)  # departments see no ID numbers
        result.answers.append((_label(spec), spec.kind_spec.display(spec, value)))  # with a yes/no's 情况说明
    for key in DESCRIPTION_KEYS:
        described = schema.field(key)
        if described is not None and answers.get(key):
            result.descriptions.append((described.label, answers[key]))
    return result
