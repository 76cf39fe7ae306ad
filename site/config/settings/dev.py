"""Local development and the demo on the embedded default: SQLite, in-process background work.

DEBUG is off unless TANFANG_DEBUG=1, so the demo shows the project's Chinese error pages, not Django's
debug pages; static files come from WhiteNoise (through the finders) either way.
"""

import base64
import os

from django.core.management.utils import get_random_secret_key

from .base import *  # noqa: F403
from .base import FIELD_ENCRYPTION_KEYS, LOOKUP_HASH_KEY, VAR_DIR

DEBUG = os.environ.get("TANFANG_DEBUG", "") == "1"
TANFANG_DEMO_SITE = True
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _development_secret_key():
    """A per-checkout key kept in an ignored file, so sessions survive restarts."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(get_random_secret_key())
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _development_secret_key()


def _development_field_key(file_name):
    """A random 32-byte key in an ignored file, created once: losing it makes the registry unreadable."""
    key_file = VAR_DIR / file_name
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as stream:
            stream.write(base64.urlsafe_b64encode(os.urandom(32)).decode())
    return key_file.read_text().strip()


# The environment wins, so rotation can be tried locally: TANFANG_FIELD_ENCRYPTION_KEYS=new,old.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or [_development_field_key("field_encryption_key")]
LOOKUP_HASH_KEY = LOOKUP_HASH_KEY or _development_field_key("lookup_hash_key")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
