"""The printed visit record (附件2 特殊困难老年人探访关爱服务记录表), filled or blank, on A4.

A record is laid out from its own revision (``record.schema`` and ``record.display_sections``),
never from today's definition, so a record prints the same after administrators publish a new
version; fields they added appear in their section, as rows like the others. Every choice is
printed as on paper, ☑ for the chosen ones and □ for the others; personal numbers are masked
unless ``reveal``. The blank form is the live definition with every box □ and empty lines.

Rows are plain data (``Row``) built here; ``templates/printing/visit_record.html`` only lays
them out, so the layout rules live in one place.
"""

import base64
import re
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from forms.fujian2 import FOOTNOTE as DEFAULT_FOOTNOTE
from forms.fujian2 import NAME as DEFAULT_TITLE
from forms.schema import Schema
from forms.signatures import DATA_URL, clean_signature_image
from printing.elder_files import printer_name
from printing.fetcher import RESOURCE_PREFIX
from printing.rendering import render_document, render_pdf
from registry.dates import CHINA_TZ

CHECKED = "☑"
UNCHECKED = "□"
# Groups printed on one line as on paper: "____县（市、区）____乡镇（街道）____村（居）".
INLINE_GROUPS = {"家庭住址"}
# The first row of a table whose paper form names it (附件2 二: the head of household).
FIRST_ROW_LABELS = {"household_members": "户主"}
BLANK_TABLE_ROWS = 3
BOX_KINDS = {"single_choice", "change_rating", "safety_rating", "multiple_choice", "choice_other",
             "family_change", "illness", "yes_no"}


@dataclass
class Box:
    """One printed choice: □ or ☑, its label, and what is written after it (人数, 疾病名称, 其他)."""

    label: str
    checked: bool = False
    after: str = ""
    blank_after: str = ""  # the empty line after the label on a blank form (e.g. "人")

    @property
    def mark(self):
        return CHECKED if self.checked else UNCHECKED


@dataclass
class Row:
    """A row of a section: ``group`` spans consecutive rows (``group_rows`` on the first)."""

    label: str
    kind: str = "text"  # text, boxes, table, signature, inline
    text: str = ""
    boxes: list = field(default_factory=list)
    detail: str = ""  # 情况说明 of a yes/no answer: (label, text)
    detail_label: str = ""
    columns: list = field(default_factory=list)
    table_rows: list = field(default_factory=list)
    image: str = ""
    unable: str = ""
    signed_on: str = ""
    with_date: bool = False
    long: bool = False
    group: str = ""
    group_rows: int = 0
    parts: list = field(default_factory=list)  # inline: [(value, label)]


@dataclass
class Section:
    title: str
    rows: list

    @property
    def has_groups(self):
        return any(row.group for row in self.rows)

    @property
    def table(self):
        return next((row for row in self.rows if row.kind == "table"), None)


def date_line(value):
    """``2024 年 5 月 1 日``, or the empty ``年 月 日`` line of the paper form."""
    if not value:
        return "　　　　年　　月　　日"
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


# ---------------------------------------------------------------- fields to rows

def _chosen(spec, value):
    """The chosen codes of an answer of any choice kind (a set, possibly empty)."""
    if value in (None, "", [], {}):
        return set()
    if spec.kind == "yes_no":
        return {value.get("value")} if value.get("value") is not None else set()
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, list):
        return set(value)
    return {value} if value not in (None, "") else set()


def _boxes(spec, value):
    chosen = _chosen(spec, value)
    value = value if isinstance(value, dict) else {}
    boxes = []
    for code, label in spec.choices:
        box = Box(label=str(label), checked=code in chosen)
        if spec.kind == "family_change" and code in ("increase", "decrease"):
            box.blank_after = "人"
            if box.checked and value.get("count"):
                box.after = f"{value['count']} 人"
        elif spec.kind == "illness" and code == "serious":
            box.blank_after = "疾病名称："
            if box.checked and value.get("illness_name"):
                box.after = f"疾病名称：{value['illness_name']}"
        elif spec.kind == "choice_other" and code == "other":
            box.blank_after = "："
            if box.checked and value.get("other"):
                box.after = f"：{value['other']}"
        boxes.append(box)
    return boxes


def _signature_row(spec, value, image):
    value = value if isinstance(value, dict) else {}
    row = Row(label=spec.label, kind="signature", with_date=bool(spec.options.get("with_date")))
    if image:
        row.image = image
    elif value.get("unable"):
        who = re.sub(r"（签字.*?）$", "", spec.label)
        row.unable = f"{who}无法签字：{value.get('reason', '')}"
    if row.with_date:
        row.signed_on = date_line(value.get("date"))
    return row


def _table_row(spec, item, blank):
    rows = [] if blank else list(item["display"] or [])
    first = FIRST_ROW_LABELS.get(spec.key)
    numbered = []
    for index in range(max(len(rows), BLANK_TABLE_ROWS)):
        number = first if index == 0 and first else str(index + 1)
        cells = rows[index] if index < len(rows) else [""] * len(spec.columns)
        numbered.append([number, *cells])
    label = spec.option("row_number_label", "") or "序号"
    return Row(label=spec.label, kind="table", columns=[label, *[column["label"] for column in spec.columns]],
               table_rows=numbered)


def field_row(spec, item, blank=False):
    """The ``Row`` of one field; ``item`` is its entry of ``display_sections`` (None when blank)."""
    value = None if blank else item["value"]
    row_group = spec.group
    if spec.kind in BOX_KINDS:
        row = Row(label=spec.label, kind="boxes", boxes=_boxes(spec, value))
        if spec.kind == "yes_no" and spec.option("detail_label"):
            row.detail_label = spec.option("detail_label")
            row.detail = "" if blank else (value or {}).get("detail", "")
    elif spec.kind == "table":
        row = _table_row(spec, item, blank)
    elif spec.kind == "signature":
        row = _signature_row(spec, value, "" if blank else item.get("signature", ""))
    elif spec.kind == "date":
        row = Row(label=spec.label, text=date_line(value))
    else:
        row = Row(label=spec.label, text="" if blank else str(item["display"]), long=spec.kind == "long_text")
    row.group = row_group
    return row


def _counter_row(spec, value, date_spec, date_value):
    """第 n 次开展探访 | 2024 年 5 月 1 日, as the paper form pairs the counter with its date."""
    number = f" {value} " if value else "　　"
    row = Row(label=f"第{number}次{spec.label}", text=date_line(date_value) if date_spec else "")
    return row


def section_rows(specs, items, blank):
    rows, index = [], 0
    while index < len(specs):
        spec, item = specs[index], items[index] if items else None
        value = None if blank else item["value"]
        if spec.kind == "counter":
            following = specs[index + 1] if index + 1 < len(specs) else None
            if following is not None and following.kind == "date":
                date_value = None if blank else items[index + 1]["value"]
                rows.append(_counter_row(spec, value, following, date_value))
                index += 2
                continue
            rows.append(_counter_row(spec, value, None, None))
        elif spec.group in INLINE_GROUPS and spec.kind == "text":
            parts = []
            while index < len(specs) and specs[index].group == spec.group and specs[index].kind == "text":
                parts.append(("" if blank else str(items[index]["display"]), specs[index].label))
                index += 1
            rows.append(Row(label=spec.group, kind="inline", parts=parts))
            continue
        else:
            rows.append(field_row(spec, item, blank))
        index += 1
    _span_groups(rows)
    return rows


def _span_groups(rows):
    """Give the first row of each run of a group the number of rows the group cell spans."""
    start = 0
    while start < len(rows):
        end = start + 1
        if rows[start].group:
            while end < len(rows) and rows[end].group == rows[start].group:
                end += 1
            rows[start].group_rows = end - start
        start = end


def record_sections(schema, display=None):
    """``Section`` list of ``schema``, filled from ``display`` (``display_sections``) or blank."""
    sections = []
    for position, section in enumerate(schema.sections):
        items = display[position]["fields"] if display is not None else None
        sections.append(Section(title=section.title, rows=section_rows(section.fields, items, display is None)))
    return sections


# ---------------------------------------------------------------- signature images

def _signature_resources(sections, prefix):
    """Move checked signature images out of the HTML into fetcher resources (URL -> bytes)."""
    resources = {}
    for section in sections:
        for row in section.rows:
            if row.kind != "signature" or not row.image:
                continue
            try:
                image = clean_signature_image(row.image)
            except Exception:  # noqa: BLE001 - a stored image that no longer passes is not printed
                row.image = ""
                continue
            content_type, payload = DATA_URL.match(image).groups()
            url = f"{RESOURCE_PREFIX}{prefix}-{len(resources)}"
            resources[url] = (content_type, base64.b64decode(payload))
            row.image = url
    return resources


# ---------------------------------------------------------------- documents

def _record_document(record, reveal, hide_id_numbers):
    schema = record.schema
    display = record.display_sections(reveal=reveal, hide_id_numbers=hide_id_numbers)
    sections = record_sections(schema, display)
    # Named by record: WeasyPrint tells images apart by URL, also across merged parts of a batch.
    resources = _signature_resources(sections, f"r{record.pk}")
    footnote = (record.definition_revision.content or {}).get("footnote") or DEFAULT_FOOTNOTE
    title = (record.definition_revision.content or {}).get("name") or DEFAULT_TITLE
    document = {"title": title, "sections": sections, "footnote": footnote,
                "date_line": date_line(record.visit_date), "subject": record.elder.name,
                "visit_number": record.visit_number, "draft": not record.is_submitted}
    return document, resources


def _documents(records, reveal=False, hide_id_numbers=False):
    documents, resources = [], {}
    for record in records:
        document, found = _record_document(record, reveal, hide_id_numbers)
        documents.append(document)
        resources.update(found)
    if not documents:
        raise ValueError("no visit records to print")
    return documents, resources


def _context(documents, printed_by, blank=False, batch=False):
    return {"documents": documents, "blank": blank, "batch": batch,
            "printed_by": printer_name(printed_by) if printed_by else "",
            "printed_at": timezone.localtime(timezone=CHINA_TZ)}


def _render(documents, resources, printed_by, title, blank=False):
    return render_pdf("printing/visit_record.html", _context(documents, printed_by, blank), title=title,
                      resources=resources)


def visit_record_pdf(record, printed_by, reveal=False, hide_id_numbers=False):
    """PDF bytes of one visit record laid out like 附件2, from the record's own form revision.

    Personal numbers are masked unless ``reveal``; ``hide_id_numbers`` leaves ID numbers out
    altogether (for readers who never see them). A draft is marked 草稿 on every page.
    """
    return visit_records_pdf([record], printed_by, reveal=reveal, hide_id_numbers=hide_id_numbers)


def visit_records_pdf(records, printed_by, reveal=False, hide_id_numbers=False):
    """One PDF of several visit records, one record per page (as long as a record fits on one)."""
    documents, resources = _documents(records, reveal, hide_id_numbers)
    first = documents[0]
    title = f"{first['title']}（{first['subject']}）" if len(documents) == 1 else first["title"]
    if first["draft"] and len(documents) == 1:
        title += "（草稿）"
    return _render(documents, resources, printed_by, title)


def visit_records_part(records, printed_by, *, title, first_page=1):
    """Laid-out pages of ``records`` (masked) as one part of a longer PDF (``rendering.merge_documents``).

    Pages are numbered from ``first_page`` on, without a total: the parts after it aren't laid out yet.
    """
    documents, resources = _documents(records)
    return render_document("printing/visit_record.html", _context(documents, printed_by, batch=True),
                           title=title, resources=resources, first_page=first_page)


def blank_form_pdf(definition=None):
    """PDF bytes of the blank form of ``definition``'s live version (附件2 by default): every box □."""
    from forms.models import FormDefinition

    # Read from the database: what is published now, not an instance's possibly stale copy.
    definitions = FormDefinition.objects.select_related("live_revision")
    definition = definitions.get(pk=definition.pk) if definition else definitions.visit_form()
    live = definition.live_revision
    schema = Schema.from_revision(live) if live else definition.schema()
    content = live.content if live else {}
    document = {"title": content.get("name") or definition.name or DEFAULT_TITLE, "sections": record_sections(schema),
                "footnote": content.get("footnote") or definition.footnote or DEFAULT_FOOTNOTE,
                "date_line": date_line(None),
                "subject": "", "visit_number": None, "draft": False}
    return _render([document], {}, None, document["title"], blank=True)
