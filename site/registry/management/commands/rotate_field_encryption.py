"""Re-encrypt every encrypted value under the current key and refresh every lookup hash.

Run after putting a new key first in TANFANG_FIELD_ENCRYPTION_KEYS (the old ones stay after it
until this has run), or after changing TANFANG_LOOKUP_HASH_KEY (lookups by ID number miss until
it has run). Also encrypts any plaintext value found. Safe to run again: rows already current
are left alone.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from registry.crypto import FieldDecryptionError, keyring, reencrypt_table
from registry.fields import EncryptedFieldMixin, LookupHashField


def encrypted_tables():
    """(model, encrypted columns, {hash column: (source column, normaliser)}) for each model concerned."""
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        columns = [field.column for field in fields if isinstance(field, EncryptedFieldMixin)]
        hashes = {}
        for field in fields:
            if isinstance(field, LookupHashField):
                source = model._meta.get_field(field.source)
                hashes[field.column] = (source.column, source.to_python)
        if columns or hashes:
            yield model, columns, hashes


class Command(BaseCommand):
    help = "用当前密钥重新加密所有加密字段，并按当前查询密钥重算查询摘要（轮换密钥后运行）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只统计，不写入。")
        parser.add_argument("--batch-size", type=int, default=500, help="每个事务处理的行数（默认500）。")

    def handle(self, *args, dry_run=False, batch_size=500, **options):
        self.stdout.write(f"当前加密密钥标识：{keyring().current_id}" + ("（试运行，不写入）" if dry_run else ""))
        pending = 0
        for model, columns, hashes in encrypted_tables():
            try:
                counts = reencrypt_table(connection, model._meta.db_table, model._meta.pk.column, columns,
                                         hash_sources=hashes, batch_size=batch_size, dry_run=dry_run)
            except FieldDecryptionError as error:
                raise CommandError(f"{model._meta.label}：无法解密，已停止（此前的批次已提交）。{error}") from None
            pending += counts.rows_rewritten
            rewritten = "需改写" if dry_run else "改写"
            self.stdout.write(
                f"{model._meta.label}：共 {counts.rows} 行，{rewritten} {counts.rows_rewritten} 行"
                f"（旧密钥值 {counts.old_key_reencrypted} 个，明文值 {counts.plaintext_encrypted} 个，"
                f"查询摘要 {counts.hashes_set} 个）")
        if dry_run:
            self.stdout.write(f"试运行结束：{pending} 行需要改写。")
        else:
            self.stdout.write(self.style.SUCCESS(
                "完成：所有值均已使用当前密钥，旧密钥可从 TANFANG_FIELD_ENCRYPTION_KEYS 中移除。"))
