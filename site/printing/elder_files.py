"""The printed elder file (个人档案): what ``workbench.presenters.ElderFile`` shows, on A4.

Masking is decided by ``ElderFile`` for the reader's relation to the elder; this module renders
its sections as they are, adds who printed the file and when, and never looks at the elder itself
beyond the name and address on the title lines.
"""

from django.utils import timezone

from printing.rendering import render_pdf
from registry.dates import CHINA_TZ
from roles.scope import actor_summary

TITLE = "特殊困难老年人档案"


def elder_file_pdf(elder_file, printed_by):
    """PDF bytes of one ``ElderFile``, printed by ``printed_by`` (a user, or a name)."""
    return elder_files_pdf([elder_file], printed_by)


def elder_files_pdf(elder_files, printed_by):
    """One PDF of several elder files, each starting on a new page."""
    elder_files = list(elder_files)
    title = f"{TITLE}（{elder_files[0].elder.name}）" if len(elder_files) == 1 else TITLE
    context = {
        "elder_files": elder_files,
        "document_title": TITLE,
        "printed_by": printer_name(printed_by),
        "printed_at": timezone.localtime(timezone=CHINA_TZ),
    }
    return render_pdf("printing/elder_file.html", context, title=title)


def printer_name(user):
    """``name（role · region）`` of the account printing, as the footer of every page shows it."""
    if isinstance(user, str):
        return user
    name = user.get_full_name() or user.get_username()
    details = " · ".join(part for part in actor_summary(user) if part)
    return f"{name}（{details}）" if details else name
