"""Our zh_Hans catalog (locale/) is compiled and loaded: every entry of django.po is what gettext answers."""

import ast
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parents[2] / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def entries():
    """(msgid, msgid_plural or None, msgstr) of the catalog; it writes each string on one line."""
    entry = {}
    for line in PO.read_text(encoding="utf-8").splitlines():
        keyword, _, text = line.partition(" ")
        if keyword in ("msgid", "msgid_plural", "msgstr", "msgstr[0]"):
            entry[keyword.split("[")[0]] = ast.literal_eval(text)
            if keyword.startswith("msgstr"):
                if entry["msgid"]:
                    yield entry["msgid"], entry.get("msgid_plural"), entry["msgstr"]
                entry = {}


def test_the_compiled_catalog_matches_the_po_file():
    found = list(entries())
    assert len(found) > 50
    with translation.override("zh-hans"):
        for msgid, plural, msgstr in found:
            answer = translation.ngettext(msgid, plural, 2) if plural else translation.gettext(msgid)
            assert answer == msgstr, msgid
