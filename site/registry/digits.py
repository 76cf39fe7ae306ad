"""Folding what people type into plain ASCII before a number is validated, hashed, stored or searched.

A phone keyboard in Chinese input mode types full-width digits (１３８…) and a pasted number may
mix them with ASCII ones. Unfolded, ``１３８…`` and ``138…`` are different strings: different
lookup hashes (one person registered twice) and searches that miss. Every place a number enters
(model fields, forms, the import, admin and workbench searches, form-definition answers) goes
through ``fold_digits``; the patterns that follow accept ASCII only (``ASCII_DIGITS``), since
Python's ``\\d`` also matches Arabic-Indic and other digits that NFKC leaves as they are.
"""

import re
import unicodedata

ASCII_DIGITS = "[0-9]"


def fold_digits(value):
    """``value`` as text under Unicode NFKC: full-width digits, letters, hyphens and blanks become ASCII."""
    return unicodedata.normalize("NFKC", str(value or ""))


def is_ascii_digits(value, length=None):
    """True when ``value`` is only ASCII digits (and, if given, exactly ``length`` of them)."""
    count = "+" if length is None else f"{{{int(length)}}}"
    return re.fullmatch(f"{ASCII_DIGITS}{count}", value or "") is not None
