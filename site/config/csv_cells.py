"""Spreadsheet cells that can't run as formulas: one rule for every CSV and XLSX export.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel and WPS as a formula (``=HYPERLINK(...)`` in a name, say). Such text gets a leading ``'``
(OWASP's advice), so it shows as typed and is never evaluated. Numbers and dates are left alone.

Our own CSV downloads write through ``writer()``; Wagtail's and wagtail-modeladmin's exports
(reports, redirects, form submissions, any ``list_export``) through ``protect_wagtail_exports``,
called once at start-up (``config.apps``).
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value``, with a leading ``'`` if it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose rows pass through ``safe_cell``."""

    def __init__(self, file, **kwargs):
        self._writer = csv.writer(file, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(file, **kwargs):
    return SafeWriter(file, **kwargs)


def protect_wagtail_exports():
    """Every Wagtail spreadsheet export (CSV and XLSX) goes through ``safe_cell``.

    Wagtail's ``SpreadsheetExportMixin`` turns each value into a cell with
    ``preprocess_field_value`` and escapes nothing for CSV (for XLSX only what openpyxl detects as
    a formula): wrap that one method, which every Wagtail export view inherits.
    """
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return safe_cell(original(self, field, value, export_format))

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
