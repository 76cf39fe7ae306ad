"""Time the registry list page and the cost of field encryption on the demo data.

    .venv/bin/python bench/field_encryption.py [--rounds 20]

Uses the development settings and database (``var/db.sqlite3``, or TANFANG_VAR_DIR): run
``make setup`` first. Prints the median and best time of the admin list page (50 elders a page)
for the superuser ``admin`` and for the county officer ``county``, and, when the registry encrypts
its fields, what decrypting one page costs. Read-only: nothing is written to the database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")


def timed(function, rounds):
    """Median and best wall time of ``rounds`` calls, in milliseconds (after one warm-up call)."""
    function()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def list_page_timings(rounds):
    from django.contrib.auth import get_user_model
    from django.test import Client

    for username in ("admin", "county"):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            print(f"no user {username!r}: load the demo data first (make setup)")
            continue
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)

        def get_page(client=client):
            response = client.get("/admin/registry/elder/")
            assert response.status_code == 200, response.status_code

        median, best = timed(get_page, rounds)
        print(f"admin list page as {username:7} median {median:7.1f} ms   best {best:7.1f} ms")


def decryption_timings(rounds):
    try:
        from registry import crypto
        from registry.fields import EncryptedFieldMixin
    except ImportError:
        print("registry.crypto not present: fields are stored in plaintext")
        return
    from registry.models import Elder

    fields = [field.name for field in Elder._meta.concrete_fields if isinstance(field, EncryptedFieldMixin)]
    page = list(Elder.objects.order_by("-registered_on", "-id")[:50])

    def read_page():
        list(Elder.objects.order_by("-registered_on", "-id").values_list(*fields)[:50])

    def read_page_plain_columns():
        list(Elder.objects.order_by("-registered_on", "-id").values_list("name", "status", "address_detail")[:50])

    tokens = [crypto.encrypt(getattr(elder, name)) for elder in page for name in fields if getattr(elder, name)]

    def decrypt_tokens():
        for token in tokens:
            crypto.decrypt(token)

    print(f"{len(fields)} encrypted columns, {len(tokens)} non-blank values on a page of {len(page)} elders")
    for label, function in (("decrypt one page's values", decrypt_tokens),
                            ("query + decrypt one page", read_page),
                            ("query 3 plain columns", read_page_plain_columns)):
        median, best = timed(function, rounds)
        print(f"{label:26} median {median:7.2f} ms   best {best:7.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds

    import django

    django.setup()
    list_page_timings(rounds)
    decryption_timings(rounds)


if __name__ == "__main__":
    main()
