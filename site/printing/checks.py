"""System check: generated PDFs must not sit where the web server hands out files by URL."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error


def private_root_is_private(app_configs=None, **kwargs):
    private = Path(settings.TANFANG_PRIVATE_ROOT).resolve()
    for name in ("MEDIA_ROOT", "STATIC_ROOT"):
        public = getattr(settings, name, None)
        if public and (private == Path(public).resolve() or Path(public).resolve() in private.parents):
            return [Error(f"TANFANG_PRIVATE_ROOT ({private}) lies under {name}, which is served by URL.",
                          hint="Keep printed PDFs outside MEDIA_ROOT and STATIC_ROOT.", id="printing.E001")]
    return []
