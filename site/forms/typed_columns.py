"""The one table from answer keys to the typed columns of ``VisitRecord``.

Reports, rules and the next issue's tasks read these columns instead of the JSON. A definition
may not give one of these keys another kind (``forms.blocks.definition_errors``), so every
revision that has the key fills its column the same way. A key missing from a revision leaves
its columns at their blank values.
"""

from dataclasses import dataclass
from datetime import date


def _code(value):
    return value or ""


def _part(name, default=""):
    return lambda value: (value or {}).get(name) or default


@dataclass(frozen=True)
class TypedColumn:
    key: str
    kind: str
    columns: dict  # column name -> function of the stored answer


def _rating(key, kind):
    return TypedColumn(key, kind, {key: _code})


TYPED_COLUMNS = [
    TypedColumn("visit_date", "date", {"visit_date": lambda value: date.fromisoformat(value) if value else None}),
    TypedColumn("visit_method", "choice_other", {"visit_method": _part("value"), "visit_method_other": _part("other")}),
    TypedColumn("family_change", "family_change",
                {"family_change": _part("value"), "family_change_count": _part("count", None)}),
    _rating("expression", "change_rating"),
    _rating("mobility", "change_rating"),
    TypedColumn("illness", "illness", {"illness": _part("value"), "illness_name": _part("illness_name")}),
    _rating("mood", "change_rating"),
    _rating("gas_safety", "safety_rating"),
    _rating("water_heating_safety", "safety_rating"),
    _rating("electricity_safety", "safety_rating"),
    _rating("fire_safety", "safety_rating"),
    _rating("personal_hygiene", "change_rating"),
    _rating("home_hygiene", "change_rating"),
    _rating("indoor_environment", "change_rating"),
    TypedColumn("service_needs", "long_text", {"service_needs": _code}),
    TypedColumn("suggestions", "long_text", {"suggestions": _code}),
    TypedColumn("emergency", "yes_no",
                {"emergency": lambda value: (value or {}).get("value"), "emergency_detail": _part("detail")}),
]

# Keys whose kind a definition must keep.
SYSTEM_KEY_KINDS = {column.key: column.kind for column in TYPED_COLUMNS}


def fill_typed_columns(record, answers):
    """Set every typed column of ``record`` from ``answers`` (decrypted, by key)."""
    for column in TYPED_COLUMNS:
        value = answers.get(column.key)
        for name, extract in column.columns.items():
            setattr(record, name, extract(value))
