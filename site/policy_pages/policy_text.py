"""Parse the text of 桂民发〔2023〕16号 (data/gui-min-fa-2023-16.txt) into a structured document.

The text file is the policy as published: the document number, the covering notice (its title
broken over several lines, the recipients line, the notice text, 此件公开发布), the title of the
implementation plan, then the plan itself: headings 一、…, numbered subsections （一）… whose
first sentence is a lead-in, plain paragraphs, the annex list, and the annexes themselves.
The annexes have their own pages (departments, record form), so parsing stops at 附件1.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

POLICY_TEXT_FILE = Path(__file__).resolve().parent / "data" / "gui-min-fa-2023-16.txt"

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_SUBSECTION = re.compile(r"^(（[一二三四五六七八九十]+）)([^。]*。)(.*)$")
_ANNEX_LIST = re.compile(r"^(?:附件：)?(\d+)\.(.+)$")
_ANNEX_START = "附件1"
_PUBLICATION_NOTE = re.compile(r"^（此件.+）$")


@dataclass
class PolicyDocument:
    """The parsed policy: header fields and the body as StreamField raw data."""

    document_number: str
    notice_title: str
    issuing_bodies: str
    recipients: str
    notice_text: str
    publication_note: str
    title: str
    body: list = field(default_factory=list)

    @property
    def annexes(self):
        return [block["value"] for block in self.body if block["type"] == "annex"]


def _block(block_type, value):
    return {"type": block_type, "value": value}


def _body_block(line):
    """One line of the plan as a heading, a subsection or a paragraph block."""
    if _HEADING.match(line):
        return _block("heading", line)
    subsection = _SUBSECTION.match(line)
    if subsection:
        number, lead, text = subsection.groups()
        return _block("subsection", {"number": number, "lead": lead, "text": text})
    return _block("paragraph", line)


def _parse_body(lines):
    body = []
    in_annex_list = False
    for line in lines:
        if line == _ANNEX_START:
            break
        in_annex_list = in_annex_list or line.startswith("附件：")
        annex = _ANNEX_LIST.match(line) if in_annex_list else None
        if annex:
            body.append(_block("annex", {"number": annex.group(1), "title": annex.group(2), "page": None}))
        else:
            body.append(_body_block(line))
    return body


def parse_policy(text):
    """Parse the policy text; raises ValueError when the expected structure is missing."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    try:
        recipients_at = next(i for i, line in enumerate(lines) if line.endswith("："))
        note_at = next(i for i, line in enumerate(lines) if _PUBLICATION_NOTE.match(line))
    except StopIteration as error:
        raise ValueError("not the text of a policy notice: recipients or publication note missing") from error
    notice_title = "".join(lines[1:recipients_at])
    return PolicyDocument(
        document_number=lines[0],
        notice_title=notice_title,
        issuing_bodies=notice_title.split("关于印发")[0],
        recipients=lines[recipients_at],
        notice_text="".join(lines[recipients_at + 1 : note_at]),
        publication_note=lines[note_at],
        title=lines[note_at + 1],
        body=_parse_body(lines[note_at + 2 :]),
    )


def load_policy(path=POLICY_TEXT_FILE):
    return parse_policy(Path(path).read_text(encoding="utf-8"))
