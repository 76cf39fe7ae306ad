"""Keys: rotation, the data migration from plaintext, and how each environment gets its keys."""

import base64
import importlib
import io
import os
import stat
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from registry import crypto
from registry.id_numbers import build_id_number
from registry.models import Elder, HouseholdMember
from tests.config.test_settings import DUMMY_PRODUCTION_ENV, run_manage
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.registry.test_field_encryption import raw_value, set_raw_value

KEY_A = base64.urlsafe_b64encode(b"tests only: rotation key A .....").decode()
KEY_B = base64.urlsafe_b64encode(b"tests only: rotation key B .....").decode()
LOOKUP_KEY_2 = base64.urlsafe_b64encode(b"tests only: second lookup key ..").decode()
migration_0005 = importlib.import_module("registry.migrations.0005_encrypt_existing_values")
# What the RunPython functions use of their schema editor (SQLite's can't open inside a test transaction).
SCHEMA_EDITOR = SimpleNamespace(connection=connection)


def key_id_of(key):
    return crypto.key_id(base64.urlsafe_b64decode(key))


def rotate(*args):
    out = io.StringIO()
    call_command("rotate_field_encryption", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestKeyRotation:
    def test_rotation_moves_every_value_to_the_new_key(self, settings):
        settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
        elder = ElderFactory(guardian_phone="13907711111")
        HouseholdMemberFactory(elder=elder, sex="male", id_number=build_id_number("450102", date(1975, 1, 1), 1))
        assert crypto.token_key_id(raw_value("registry_elder", "id_number", elder.pk)) == key_id_of(KEY_A)

        settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
        assert Elder.objects.get(pk=elder.pk).guardian_phone == "13907711111"  # old key still decrypts
        output = rotate()
        assert "registry.Elder：共 1 行，改写 1 行（旧密钥值 5 个，明文值 0 个，查询摘要 0 个）" in output
        assert "registry.HouseholdMember：共 1 行，改写 1 行（旧密钥值 1 个" in output
        assert KEY_A not in output and KEY_B not in output

        for column in ("id_number", "phone", "guardian_phone"):
            assert crypto.token_key_id(raw_value("registry_elder", column, elder.pk)) == key_id_of(KEY_B)
        settings.FIELD_ENCRYPTION_KEYS = [KEY_B]  # the old key can go
        reread = Elder.objects.get(pk=elder.pk)
        assert (reread.id_number, reread.guardian_phone) == (elder.id_number, "13907711111")
        assert HouseholdMember.objects.get().id_number == build_id_number("450102", date(1975, 1, 1), 1)
        assert "改写 0 行" in rotate()

    def test_a_value_under_an_unknown_key_fails_loudly(self, settings):
        settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
        elder = ElderFactory()
        settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
        with pytest.raises(crypto.FieldDecryptionError, match=f"key id '{key_id_of(KEY_A)}'.*not in"):
            Elder.objects.get(pk=elder.pk)
        with pytest.raises(CommandError, match=r"registry_elder\.id=\d+, column id_number"):
            rotate()

    def test_dry_run_writes_nothing(self, settings):
        settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
        elder = ElderFactory()
        before = raw_value("registry_elder", "id_number", elder.pk)
        settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
        assert "需改写 1 行" in rotate("--dry-run")
        assert raw_value("registry_elder", "id_number", elder.pk) == before

    def test_a_new_lookup_key_takes_effect_after_rotation(self, settings):
        elder = ElderFactory()
        settings.LOOKUP_HASH_KEY = LOOKUP_KEY_2
        assert not Elder.objects.with_id_number(elder.id_number).exists()
        assert "查询摘要 1 个" in rotate()
        assert Elder.objects.with_id_number(elder.id_number).get() == elder

    def test_small_batches_cover_every_row(self, settings):
        settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
        elders = ElderFactory.create_batch(5)
        settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
        assert "共 5 行，改写 5 行" in rotate("--batch-size", "2")
        assert {crypto.token_key_id(raw_value("registry_elder", "phone", elder.pk)) for elder in elders} == {
            key_id_of(KEY_B)}


@pytest.mark.django_db
class TestMigrationFromPlaintext:
    """0005 on rows as they were before it: plaintext values, no hash."""

    @pytest.fixture
    def plaintext_rows(self):
        elder = ElderFactory(guardian_phone="0771-5551234")
        member = HouseholdMemberFactory(elder=elder, sex="male",
                                        id_number=build_id_number("450102", date(1975, 1, 1), 1))
        for column in ("id_number", "phone", "emergency_contact_phone", "first_contact_phone", "guardian_phone"):
            set_raw_value("registry_elder", column, elder.pk, getattr(elder, column))
        set_raw_value("registry_elder", "id_number_hash", elder.pk, "stale")
        set_raw_value("registry_householdmember", "id_number", member.pk, member.id_number)
        return elder, member

    def test_plaintext_rows_are_encrypted_and_hashed(self, plaintext_rows):
        elder, member = plaintext_rows
        assert raw_value("registry_elder", "id_number", elder.pk) == elder.id_number
        migration_0005.encrypt_existing_values(apps, SCHEMA_EDITOR)
        for column in ("id_number", "phone", "emergency_contact_phone", "first_contact_phone", "guardian_phone"):
            assert crypto.is_token(raw_value("registry_elder", column, elder.pk)), column
        assert crypto.is_token(raw_value("registry_householdmember", "id_number", member.pk))
        assert raw_value("registry_elder", "id_number_hash", elder.pk) == crypto.lookup_hash(elder.id_number)
        reread = Elder.objects.with_id_number(elder.id_number).get()
        assert (reread.phone, reread.guardian_phone) == (elder.phone, "0771-5551234")
        assert HouseholdMember.objects.get(pk=member.pk).id_number == member.id_number

    def test_backwards_restores_plaintext(self, plaintext_rows):
        elder, member = plaintext_rows
        migration_0005.encrypt_existing_values(apps, SCHEMA_EDITOR)
        migration_0005.decrypt_to_plaintext(apps, SCHEMA_EDITOR)
        assert raw_value("registry_elder", "guardian_phone", elder.pk) == "0771-5551234"
        assert raw_value("registry_householdmember", "id_number", member.pk) == member.id_number


class TestKeySettings:
    def test_keys_must_be_32_bytes_and_are_never_echoed(self):
        with pytest.raises(ImproperlyConfigured, match="32 random bytes") as error:
            crypto._keyring(("c2hvcnQ=",), KEY_B)
        assert "c2hvcnQ=" not in str(error.value)

    def test_lookup_key_must_differ_from_the_encryption_keys(self):
        with pytest.raises(ImproperlyConfigured, match="must differ"):
            crypto._keyring((KEY_A,), KEY_A)

    def test_a_generated_key_is_accepted(self):
        assert crypto._keyring((crypto.generate_key(),), crypto.generate_key()).current_id

    @pytest.mark.parametrize("missing", ["TANFANG_FIELD_ENCRYPTION_KEYS", "TANFANG_LOOKUP_HASH_KEY"])
    def test_production_refuses_to_start_without(self, missing):
        env = {k: v for k, v in DUMMY_PRODUCTION_ENV.items() if k != missing}
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert f"ImproperlyConfigured: {missing} must be set in production" in result.stderr

    def test_production_refuses_a_malformed_key_without_printing_it(self):
        env = {**DUMMY_PRODUCTION_ENV, "TANFANG_FIELD_ENCRYPTION_KEYS": "not-a-key-but-a-secret-anyway"}
        result = run_manage("check", env=env)
        assert result.returncode != 0
        assert "registry.E001" in result.stderr
        assert "not-a-key-but-a-secret-anyway" not in result.stdout + result.stderr

    def test_development_generates_private_key_files_once(self, tmp_path):
        env = {"DJANGO_SETTINGS_MODULE": "config.settings.dev", "TANFANG_VAR_DIR": str(tmp_path)}
        env_without_keys = {k: v for k, v in os.environ.items() if not k.startswith("TANFANG_")}
        result = run_manage("check", env={**env_without_keys, **env})
        assert result.returncode == 0, result.stderr
        keys = {name: (tmp_path / name).read_text() for name in ("field_encryption_key", "lookup_hash_key")}
        for name, key in keys.items():
            assert len(base64.urlsafe_b64decode(key)) == 32
            assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
        run_manage("check", env={**env_without_keys, **env})
        assert keys == {name: (tmp_path / name).read_text() for name in keys}
