"""PDF printing with WeasyPrint: templates under ``templates/printing/``, CSS in ``static/printing/``.

WeasyPrint is imported only when a PDF is rendered, so the site runs on a machine without pango;
there only printing fails, with ``PrintingUnavailable``.
"""

from printing.elder_files import elder_file_pdf, elder_files_pdf
from printing.rendering import PrintingUnavailable, pdf_response, render_pdf
from printing.visit_records import blank_form_pdf, visit_record_pdf, visit_records_pdf

__all__ = ["PrintingUnavailable", "blank_form_pdf", "elder_file_pdf", "elder_files_pdf", "pdf_response", "render_pdf",
           "visit_record_pdf", "visit_records_pdf"]
