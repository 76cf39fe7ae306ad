"""A form definition as plain data: sections of ``FieldSpec``, read from the stored StreamField JSON.

Built from the raw JSON of a revision (``Schema.from_revision``) rather than through today's block
classes, so a record filled years ago still reads with the definition it was filled with, even
after the blocks gain options. Validation (``forms.answers``), display and rules use this only.
"""

import json
from dataclasses import dataclass, field

from .kinds import KINDS


def _list_items(raw):
    """ListBlock data in either storage format: plain values or {"type": "item", "value": ...}."""
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" and "value" in item else item
            for item in raw or []]


@dataclass
class FieldSpec:
    kind: str
    key: str
    label: str
    required: bool = False
    help_text: str = ""
    group: str = ""
    options: dict = field(default_factory=dict)

    @classmethod
    def from_block_data(cls, kind, data):
        data = dict(data)
        common = {name: data.pop(name, default) for name, default in
                  (("key", ""), ("label", ""), ("required", False), ("help_text", ""), ("group", ""))}
        for name in ("choices", "columns"):
            if name in data:
                data[name] = _list_items(data[name])
        return cls(kind=kind, options=data, **common)

    @property
    def kind_spec(self):
        return KINDS[self.kind]

    @property
    def choices(self):
        """[(value, label)], the fixed list of a rating kind or the definition's own list."""
        return self.kind_spec.choices_of(self)

    @property
    def columns(self):
        return self.options.get("columns", [])

    def option(self, name, default=None):
        value = self.options.get(name)
        return default if value in (None, "") else value


@dataclass
class SectionSpec:
    title: str
    fields: list


@dataclass
class Schema:
    sections: list

    @classmethod
    def from_stream_data(cls, raw):
        """From a StreamField's raw data: a list of {"type": "section", "value": ...}, or its JSON text."""
        if isinstance(raw, str):
            raw = json.loads(raw or "[]")
        sections = []
        for block in raw or []:
            if block.get("type") != "section":
                continue
            value = block.get("value") or {}
            fields = [FieldSpec.from_block_data(child["type"], child.get("value") or {})
                      for child in value.get("fields") or [] if child.get("type") in KINDS]
            sections.append(SectionSpec(title=value.get("title", ""), fields=fields))
        return cls(sections=sections)

    @classmethod
    def from_definition(cls, definition):
        return cls.from_stream_data(definition.sections.raw_data)

    @classmethod
    def from_revision(cls, revision):
        return cls.from_stream_data(revision.content.get("sections"))

    def fields(self):
        return [spec for section in self.sections for spec in section.fields]

    def field(self, key):
        return next((spec for spec in self.fields() if spec.key == key), None)

    def keys(self):
        return [spec.key for spec in self.fields()]

    def care_section(self):
        """The section filled only when care is delivered (附件2 六): the one numbering 开展关爱; None if none."""
        return next((section for section in self.sections
                     if any(spec.kind == "counter" and spec.options.get("counter") == "care"
                            for spec in section.fields)), None)

    def care_section_filled(self, answers):
        """Whether ``answers`` (cleaned, by key) fill anything of the care section."""
        section = self.care_section()
        return section is not None and any(not spec.kind_spec.is_blank(answers.get(spec.key))
                                           for spec in section.fields if spec.kind != "counter")
