"""The filled visit record as a PDF on the workbench, for those who may open it (``roles.access``).

Whoever may open a record in the workbench may print it if they wrote it or hold the print right
on the elder; drafts print for their creator only, marked 草稿. Staff reaching the elder by region
get ID numbers masked; visitors get none at all. Every print is audited.
"""

from django.core.exceptions import PermissionDenied
from django.views.decorators.http import require_safe

import audit
from printing.rendering import busy_page_on_timeout, pdf_response
from printing.visit_records import visit_record_pdf
from roles.access import may_print_record, sees_id_numbers
from workbench.access import visit_record_for, workbench_view


def record_for_print(request, pk):
    """The record ``pk`` if the caller may print it; 404 outside their scope, 403 inside it (audited)."""
    record = visit_record_for(request, pk, attempted="print")
    if not may_print_record(request.user, record):
        audit.record(request, "denied", record, outcome="denied", attempted="print")
        raise PermissionDenied
    return record


@workbench_view
@require_safe
@busy_page_on_timeout
def visit_record_pdf_view(request, pk):
    record = record_for_print(request, pk)
    hide_id_numbers = not sees_id_numbers(request.user, record.elder)
    pdf = visit_record_pdf(record, request.user, hide_id_numbers=hide_id_numbers)
    audit.record(request, "print", record, draft=not record.is_submitted)
    day = f"-{record.visit_date:%Y%m%d}" if record.visit_date else ""
    return pdf_response(pdf, f"探访记录-{record.pk}{day}{'-草稿' if not record.is_submitted else ''}.pdf")
