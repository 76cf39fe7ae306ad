"""Searches kept on the server, so a search by ID number leaves the number in no URL and no log line.

The workbench's elder list and the back office's 老年人登记 list search this way. The search form
posts; ``remember`` keeps its fields in the session (encrypted, the last ``KEPT``) under a random
token, and the list is shown at ``?s=<token>``, which the pages and the export link carry on. A
search typed into the address bar that holds a number is turned into a token the same way
(``carries_a_number``).
"""

import json
import re
import secrets

from registry import crypto
from registry.digits import fold_digits

SESSION_KEY = "workbench_searches"
TOKEN = "s"
KEPT = 20
FIELDS = ("query", "category", "status")


def carries_a_number(term):
    """Whether ``term`` holds six digits or more, however typed (spaces, full-width digits)."""
    return len(re.findall(r"[0-9]", fold_digits(term))) >= 6


def remember(request, data):
    """Keep the search ``data`` (the form's fields) in the session; the token that recalls it."""
    token = secrets.token_urlsafe(9)
    searches = list(request.session.get(SESSION_KEY, {}).items())[-(KEPT - 1):]
    sealed = crypto.encrypt(json.dumps({name: str(data.get(name) or "") for name in FIELDS}, ensure_ascii=False))
    request.session[SESSION_KEY] = {**dict(searches), token: sealed}
    return token


def recall(request, token):
    """The search data kept under ``token``; None when there is none (another session, expired)."""
    sealed = request.session.get(SESSION_KEY, {}).get(token or "")
    return json.loads(crypto.decrypt(sealed)) if sealed else None
