"""Handwritten signatures arrive as PNG or JPEG data URLs from a canvas; this checks them.

Only raster images (never SVG, which can carry script), only real image bytes (checked by magic
number), and at most ``MAX_SIGNATURE_BYTES`` once decoded: a signature pad at phone resolution
makes 10-40 KB.
"""

import base64
import binascii
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_SIGNATURE_BYTES = 200 * 1024
DATA_URL = re.compile(r"^data:(image/png|image/jpeg);base64,([A-Za-z0-9+/=\s]+)$")
MAGIC = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
BAD_IMAGE = _("签字图片格式不正确，请重新签字。")


def clean_signature_image(data_url):
    """``data_url`` unchanged if it is an acceptable signature, "" when empty; ValidationError otherwise."""
    if not data_url:
        return ""
    if not isinstance(data_url, str) or len(data_url) > MAX_SIGNATURE_BYTES * 4 // 3 + 100:
        raise ValidationError(_("签字图片太大（不能超过%(size)d KB）。") % {"size": MAX_SIGNATURE_BYTES // 1024})
    match = DATA_URL.match(data_url)
    if not match:
        raise ValidationError(BAD_IMAGE)
    try:
        raw = base64.b64decode(match.group(2), validate=False)
    except (binascii.Error, ValueError):
        raise ValidationError(BAD_IMAGE) from None
    if len(raw) > MAX_SIGNATURE_BYTES:
        raise ValidationError(_("签字图片太大（不能超过%(size)d KB）。") % {"size": MAX_SIGNATURE_BYTES // 1024})
    if not raw.startswith(MAGIC[match.group(1)]):
        raise ValidationError(BAD_IMAGE)
    return data_url
