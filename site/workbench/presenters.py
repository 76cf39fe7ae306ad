"""What of an elder's file a user sees, by how they reach the elder (``roles.access.relation_to``).

- "region" (civil affairs, township, village staff): the whole file; ID numbers and phones masked
  unless revealed with a stated reason (``reveal=True``).
- "assigned" (a visitor): what a visit needs: contacts' phones in full (to call), household
  without ID numbers, living conditions, assistance; never the ID number or income.
- "referral" (department staff): who and where, the safety conditions and the first contact to
  arrange the service; nothing about family, income or identity documents.

The workbench page and the printed file both render these sections, so they can't disagree.
"""

from dataclasses import dataclass, field

from registry.id_numbers import mask_id_number
from registry.phones import mask_phone

FULL, VISIT, REFERRAL = "region", "assigned", "referral"


class Phone(str):
    """A phone number shown in full, so the page may offer to call it (``tel``); masked ones are plain text."""

    @property
    def tel(self):
        """The ``tel:`` target: 0771-1234567-801 dials its extension after a pause (0771-1234567,801)."""
        number, extension = self.rsplit("-", 1) if self.count("-") == 2 else (str(self), "")
        return f"{number},{extension}" if extension else number


@dataclass
class Section:
    heading: str
    rows: list = field(default_factory=list)        # (label, value)
    table_columns: list = field(default_factory=list)
    table_rows: list = field(default_factory=list)


def _label(elder, field_name):
    return str(elder._meta.get_field(field_name).verbose_name)


def _display(elder, field_name):
    value = getattr(elder, f"get_{field_name}_display", lambda: getattr(elder, field_name))()
    return "" if value is None else str(value)


class ElderFile:
    """The sections of ``elder``'s file for a reader reaching it by ``relation``."""

    def __init__(self, elder, relation, reveal=False):
        self.elder, self.relation = elder, relation
        self.reveal = reveal and relation == FULL

    def id_number(self):
        return self.elder.id_number if self.reveal else mask_id_number(self.elder.id_number)

    def phone(self, value, needed_in_full=False):
        return Phone(value) if self.reveal or needed_in_full else mask_phone(value)

    def rows(self, *field_names):
        return [(_label(self.elder, name), _display(self.elder, name)) for name in field_names]

    def sections(self):
        builders = {FULL: self._full, VISIT: self._visit, REFERRAL: self._referral}
        return builders[self.relation]()

    # ------------------------------------------------------------------ pieces

    def _identity(self, with_id):
        elder = self.elder
        rows = [(_label(elder, "name"), elder.name), (_label(elder, "sex"), elder.get_sex_display()),
                ("年龄", f"{elder.age()}岁" if elder.birth_date else "待核实")]
        if with_id:
            rows.insert(1, (_label(elder, "id_number"), self.id_number()))
        rows += [("家庭住址", f"{elder.village.full_name} {elder.address_detail}".strip()),
                 ("对象类别", elder.category_names)]
        return rows

    def _contacts(self, in_full):
        elder = self.elder
        return [
            (_label(elder, "phone"), self.phone(elder.phone, in_full)),
            (_label(elder, "emergency_contact_name"), elder.emergency_contact_name),
            (_label(elder, "emergency_contact_phone"), self.phone(elder.emergency_contact_phone, in_full)),
        ]

    def _first_contact(self, phone_in_full):
        elder = self.elder
        return Section("第一探访联系人", [
            (_label(elder, "first_contact_name"), elder.first_contact_name),
            (_label(elder, "first_contact_relation"), elder.get_first_contact_relation_display()),
            (_label(elder, "first_contact_kind"), elder.get_first_contact_kind_display()),
            (_label(elder, "first_contact_phone"), self.phone(elder.first_contact_phone, phone_in_full)),
        ])

    def _household(self, with_ids):
        columns = ["姓名", "性别", "与户主关系", "健康状况", "是否为低保对象/特困人员"]
        if with_ids:
            columns.insert(2, "公民身份号码")
        rows = []
        for member in self.elder.household_members.all():
            row = [member.name, member.get_sex_display(), member.get_relation_display(), member.health,
                   member.get_assistance_status_display()]
            if with_ids:
                row.insert(2, (member.id_number if self.reveal else mask_id_number(member.id_number)) or "")
            rows.append(row)
        return Section("二、家庭基本情况", table_columns=columns, table_rows=rows)

    def _living(self, with_income):
        names = ["water_safety", "utilities_safety", "housing_safety"]
        if with_income:
            names += ["monthly_income", "monthly_benefits_amount", "monthly_benefits_note"]
        return Section("三、家庭生活条件", self.rows(*names))

    def _assistance(self):
        elder = self.elder
        return Section("四、已享受帮扶情况", [
            (_label(elder, "assistance_providers"), elder.assistance_provider_names or "无"),
            (_label(elder, "assistance_provider_other"), elder.assistance_provider_other),
            (_label(elder, "assistance_person"), elder.assistance_person),
            (_label(elder, "assistance_measures"), elder.assistance_measures),
        ])

    def _disability(self, with_certificate):
        elder = self.elder
        rows = self.rows("is_disabled", "lives_at_registered_residence")
        if with_certificate and elder.is_disabled:
            certificate = elder.disability_certificate_number
            rows.append((_label(elder, "disability_certificate_number"),
                         certificate if self.reveal else mask_id_number(certificate[:18]) + certificate[18:]))
        return rows

    # ------------------------------------------------------------------ by relation

    def _full(self):
        elder = self.elder
        return [
            Section("一、探访对象基本情况",
                    self._identity(with_id=True) + self._contacts(in_full=False) + self._disability(True)),
            self._household(with_ids=True),
            self._living(with_income=True),
            self._assistance(),
            self._first_contact(phone_in_full=False),
            Section("探访关爱意愿", self.rows("consents_to_visits", "consent_date", "consent_given_by",
                                          "lacks_capacity", "guardian_name", "guardian_relation")
                    + [(_label(elder, "guardian_phone"), self.phone(elder.guardian_phone))]),
            Section("登记状态", self.rows("registered_on", "status", "status_date", "status_reason")
                    + [("名单来源", "；".join(f"{source.label}{'（' + source.note + '）' if source.note else ''}"
                                          for source in elder.census_sources.all()))]),
        ]

    def _visit(self):
        return [
            Section("一、探访对象基本情况",
                    self._identity(with_id=False) + self._contacts(in_full=True) + self._disability(False)),
            self._household(with_ids=False),
            self._living(with_income=False),
            self._assistance(),
            self._first_contact(phone_in_full=True),
        ]

    def _referral(self):
        return [
            Section("一、探访对象基本情况", self._identity(with_id=False) + self._disability(False)),
            self._living(with_income=False),
            self._first_contact(phone_in_full=True),
        ]
