"""Encryption at rest for ID numbers and phones, and the keyed hash that finds a record by ID number.

Keys come from settings (see the README, Configuration): ``FIELD_ENCRYPTION_KEYS`` is a list of
32-byte keys in URL-safe base64, newest first; the first encrypts, every one decrypts, so a key
can be rotated without downtime (``manage.py rotate_field_encryption`` then rewrites the rows).
``LOOKUP_HASH_KEY`` is a separate secret for HMAC-SHA256 lookup hashes: an ID number has too
little entropy (about 10^10 valid numbers per county) for an unkeyed hash to protect it.

A stored value is a token ``tf1$<key id>$<base64url(nonce + AES-256-GCM ciphertext)>``. The
prefix tells a token from a legacy plaintext value (digits, X and hyphens only), the key id
names the key without revealing it, and GCM's tag makes any alteration an error instead of
garbage. Nothing here logs or repeats a key.
"""

import base64
import binascii
import functools
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "tf1$"
NONCE_BYTES = 12
KEY_BYTES = 32
KEY_ID_LABEL = b"tanfang field encryption key id"


class FieldDecryptionError(ValueError):
    """A stored value could not be decrypted: altered, truncated, or under a key we don't hold."""


def generate_key():
    """A new random key in the format the settings expect (for keys files and the README)."""
    return base64.urlsafe_b64encode(os.urandom(KEY_BYTES)).decode()


def decode_key(text, setting):
    """The raw bytes of a configured key; ImproperlyConfigured (never echoing the key) if malformed."""
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{setting}: every key must be {KEY_BYTES} random bytes in URL-safe base64 "
            "(python -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())')."
        )
    return raw


def key_id(raw_key):
    """Eight hex digits naming a key in tokens and messages; derived one way, so it reveals nothing."""
    return hmac.new(raw_key, KEY_ID_LABEL, hashlib.sha256).hexdigest()[:8]


@dataclass(frozen=True)
class Keyring:
    current_id: str
    ciphers: dict  # key id -> AESGCM, the current key first
    lookup_key: bytes


@functools.lru_cache(maxsize=4)
def _keyring(encryption_keys, lookup_key):
    if not encryption_keys:
        raise ImproperlyConfigured("TANFANG_FIELD_ENCRYPTION_KEYS is empty: no key to encrypt ID numbers and phones.")
    if not lookup_key:
        raise ImproperlyConfigured("TANFANG_LOOKUP_HASH_KEY is empty: no key for the ID number lookup hash.")
    ciphers = {}
    for text in encryption_keys:
        raw = decode_key(text, "TANFANG_FIELD_ENCRYPTION_KEYS")
        if key_id(raw) in ciphers:
            raise ImproperlyConfigured("TANFANG_FIELD_ENCRYPTION_KEYS names the same key twice.")
        ciphers[key_id(raw)] = AESGCM(raw)
    lookup_raw = decode_key(lookup_key, "TANFANG_LOOKUP_HASH_KEY")
    if key_id(lookup_raw) in ciphers:
        raise ImproperlyConfigured("TANFANG_LOOKUP_HASH_KEY must differ from every field encryption key.")
    return Keyring(current_id=next(iter(ciphers)), ciphers=ciphers, lookup_key=lookup_raw)


def keyring():
    """The configured keys, parsed once per distinct setting value (tests may override settings)."""
    return _keyring(tuple(settings.FIELD_ENCRYPTION_KEYS), settings.LOOKUP_HASH_KEY)


def is_token(value):
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def token_key_id(token):
    """The key id a token names, or None for a legacy plaintext value."""
    return token[len(TOKEN_PREFIX):].split("$", 1)[0] if is_token(token) else None


def encrypt(plaintext):
    """A token for ``plaintext`` under the current key; a fresh nonce every time."""
    ring = keyring()
    nonce = os.urandom(NONCE_BYTES)
    sealed = ring.ciphers[ring.current_id].encrypt(nonce, plaintext.encode(), None)
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return f"{TOKEN_PREFIX}{ring.current_id}${body}"


def decrypt(token):
    """The plaintext of a token; FieldDecryptionError for an unknown key or any alteration."""
    ring = keyring()
    kid, _sep, body = token[len(TOKEN_PREFIX):].partition("$")
    cipher = ring.ciphers.get(kid)
    if cipher is None:
        raise FieldDecryptionError(
            f"encrypted under key id {kid!r}, which is not in TANFANG_FIELD_ENCRYPTION_KEYS "
            f"(key ids held: {', '.join(ring.ciphers)}); add the old key after the current one.")
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        if len(blob) <= NONCE_BYTES:
            raise ValueError("too short")
        return cipher.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], None).decode()
    except (InvalidTag, ValueError, binascii.Error):
        raise FieldDecryptionError(
            f"a value under key id {kid!r} failed authentication: it was altered or truncated.") from None


def lookup_hash(normalized_value):
    """HMAC-SHA256 of an already normalised value, for uniqueness and lookup: 43 characters.

    URL-safe base64 rather than hex: hex digests are 62% digits and now and then hold a run that
    looks like an ID number to a scanner of the tables (or to our own no-plaintext test).
    """
    digest = hmac.new(keyring().lookup_key, normalized_value.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


# ---------------------------------------------------------------- rewriting stored rows


@dataclass
class RewriteCounts:
    """What ``reencrypt_table`` found and did, for one table."""

    rows: int = 0
    rows_rewritten: int = 0
    plaintext_encrypted: int = 0
    old_key_reencrypted: int = 0
    hashes_set: int = 0


def reencrypt_table(connection, table, pk_column, columns, hash_sources=None, batch_size=500, dry_run=False):
    """Bring every row of ``table`` under the current key and the current lookup key.

    Works on raw column values, so it converts legacy plaintext (the data migration) and rotates
    keys (the management command) alike, without model code, signals or ``save()``.
    ``hash_sources`` maps a hash column to ``(source column, normaliser)``. Each batch is read
    with ``SELECT ... FOR UPDATE`` where the database supports it and written in the same
    transaction, so an edit made meanwhile is not overwritten. A value that can't be decrypted
    stops the run with FieldDecryptionError naming the row.
    """
    from django.db import transaction

    hash_sources = hash_sources or {}
    quote = connection.ops.quote_name
    read_columns = [pk_column, *columns, *hash_sources]
    select = f"SELECT {', '.join(map(quote, read_columns))} FROM {quote(table)}"
    order = f" ORDER BY {quote(pk_column)} LIMIT %s"
    if connection.features.has_select_for_update:
        order += " FOR UPDATE"
    counts, last_pk, current = RewriteCounts(), None, keyring().current_id
    while True:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            if last_pk is None:
                cursor.execute(select + order, [batch_size])
            else:
                cursor.execute(f"{select} WHERE {quote(pk_column)} > %s{order}", [last_pk, batch_size])
            rows = cursor.fetchall()
            for row in rows:
                changes = _row_changes(dict(zip(read_columns, row, strict=True)), columns, hash_sources,
                                       current, counts, f"{table}.{pk_column}={row[0]}")
                counts.rows += 1
                if changes:
                    counts.rows_rewritten += 1
                    if not dry_run:
                        assignments = ", ".join(f"{quote(column)} = %s" for column in changes)
                        cursor.execute(f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk_column)} = %s",
                                       [*changes.values(), row[0]])
        if len(rows) < batch_size:
            return counts
        last_pk = rows[-1][0]


def _row_changes(values, columns, hash_sources, current_key_id, counts, where):
    """The new raw values of one row's columns (only those that change)."""
    changes, plaintexts = {}, {}
    for column in columns:
        stored = values[column]
        if not stored:
            plaintexts[column] = stored
            continue
        if not is_token(stored):
            counts.plaintext_encrypted += 1
            plaintexts[column] = stored
            changes[column] = encrypt(stored)
            continue
        try:
            plaintexts[column] = decrypt(stored)
        except FieldDecryptionError as error:
            raise FieldDecryptionError(f"{where}, column {column}: {error}") from None
        if token_key_id(stored) != current_key_id:
            counts.old_key_reencrypted += 1
            changes[column] = encrypt(plaintexts[column])
    for hash_column, (source, normalize) in hash_sources.items():
        source_value = plaintexts.get(source, values[source])
        expected = lookup_hash(normalize(source_value)) if source_value else None
        if values[hash_column] != expected:
            counts.hashes_set += 1
            changes[hash_column] = expected
    return changes


@checks.register(checks.Tags.security)
def check_field_encryption_keys(app_configs, **kwargs):
    """`manage.py check` (and so every start) fails on missing or malformed keys, before a request does."""
    try:
        keyring()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="registry.E001")]
    return []
