"""Public printing views: the blank 附件2 record form, which holds no personal data."""

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from forms.fujian2 import NAME
from printing.rendering import busy_page_on_timeout, inline_disposition
from printing.visit_records import blank_form_pdf

BLANK_FORM_MAX_AGE = 3600


@require_safe
@busy_page_on_timeout
def blank_record_form_pdf(request):
    """The blank form of the live visit form definition; cacheable by anyone (no personal data)."""
    response = HttpResponse(blank_form_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = inline_disposition(f"{NAME}（空白）.pdf")
    response["Cache-Control"] = f"public, max-age={BLANK_FORM_MAX_AGE}"
    return response
