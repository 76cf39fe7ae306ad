"""ID numbers and phones are encrypted at rest; the keyed hash finds and deduplicates elders."""

import re
from datetime import date

import pytest
from django import forms
from django.core.exceptions import FieldError, ValidationError
from django.db import connection, transaction

from registry import crypto
from registry.id_numbers import build_id_number
from registry.models import Elder
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.roles.factories import VillageFactory, region_named

pytestmark = pytest.mark.django_db

PERSONAL_FIELDS = ["id_number", "phone", "disability_certificate_number", "emergency_contact_phone",
                   "first_contact_phone", "guardian_phone"]


def raw_rows(table):
    """Every row of ``table`` as the database holds it, as one string."""
    with connection.cursor() as cursor:
        cursor.execute(f"select * from {table}")
        return repr(cursor.fetchall())


def raw_value(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"select {column} from {table} where id = %s", [pk])
        return cursor.fetchone()[0]


def set_raw_value(table, column, pk, value):
    with connection.cursor() as cursor:
        cursor.execute(f"update {table} set {column} = %s where id = %s", [value, pk])


@pytest.fixture
def elder_with_everything():
    """An elder with every personal number filled in, and a household member with an ID number."""
    elder = ElderFactory(guardian_phone="0771-5551234", phone="13907715678")
    elder.is_disabled, elder.disability_certificate_number = True, elder.id_number + "41"
    elder.save()
    HouseholdMemberFactory(elder=elder, sex="male", id_number=build_id_number("450102", date(1975, 1, 1), 1))
    return elder


class TestNoPlaintextInTheTables:
    def test_a_raw_read_finds_no_id_number_or_phone(self, elder_with_everything):
        elders = [elder_with_everything, *ElderFactory.create_batch(3)]
        stored = raw_rows("registry_elder") + raw_rows("registry_householdmember")
        secrets = [getattr(elder, name) for elder in elders for name in PERSONAL_FIELDS if getattr(elder, name)]
        secrets += [member.id_number for member in elder_with_everything.household_members.all()]
        assert len(secrets) == 19  # 6 + the member + 4 for each of the others
        for secret in secrets:
            assert secret not in stored
            assert secret[-8:] not in stored
        assert not re.search(r"\d{17}", stored), "a run of 17 digits is stored"

    def test_values_are_tokens_with_a_fresh_nonce_each_time(self):
        first, second = ElderFactory(phone="13907710000"), ElderFactory(phone="13907710000")
        tokens = [raw_value("registry_elder", "phone", elder.pk) for elder in (first, second)]
        assert all(token.startswith("tf1$") for token in tokens)
        assert tokens[0] != tokens[1]

    def test_blank_values_stay_blank(self):
        elder = ElderFactory(phone="", guardian_phone="")
        assert raw_value("registry_elder", "phone", elder.pk) == ""
        assert Elder.objects.filter(phone="").count() == 1


class TestTransparentForTheCode:
    def test_values_round_trip(self, elder_with_everything):
        elder = Elder.objects.get(pk=elder_with_everything.pk)
        for name in PERSONAL_FIELDS:
            assert getattr(elder, name) == getattr(elder_with_everything, name)
        member = elder.household_members.get()
        assert member.id_number == build_id_number("450102", date(1975, 1, 1), 1)

    def test_values_list_decrypts_too(self, elder_with_everything):
        assert list(Elder.objects.values_list("id_number", "guardian_phone")) == [
            (elder_with_everything.id_number, "0771-5551234")]

    def test_normalised_before_encryption(self):
        elder = ElderFactory(phone="138 0771 2345", id_number="11010519491231002x")
        elder.refresh_from_db()
        assert (elder.phone, elder.id_number) == ("13807712345", "11010519491231002X")

    def test_a_filter_on_an_encrypted_value_fails_loudly_instead_of_finding_nothing(self, elder_with_everything):
        with pytest.raises(FieldError, match="with_id_number"):
            Elder.objects.filter(id_number=elder_with_everything.id_number).exists()
        with pytest.raises(FieldError, match="icontains"):
            Elder.objects.filter(phone__icontains="139").exists()
        with pytest.raises(FieldError):
            Elder.objects.filter(household_members__id_number__startswith="45").exists()


class TestLookupByIdNumber:
    def test_the_full_number_finds_the_elder_in_any_typed_form(self):
        elder = ElderFactory(id_number="11010519491231002X", village=VillageFactory())
        ElderFactory.create_batch(2)
        for typed in ("11010519491231002X", "11010519491231002x", " 110105 19491231 002x "):
            assert list(Elder.objects.with_id_number(typed)) == [elder]

    def test_part_of_a_number_or_nothing_finds_nothing(self):
        elder = ElderFactory()
        assert not Elder.objects.with_id_number(elder.id_number[:14]).exists()
        assert not Elder.objects.with_id_number("").exists()
        assert not Elder.objects.with_id_number(None).exists()

    def test_the_hash_is_keyed_and_stored_on_save(self):
        elder = ElderFactory()
        stored = raw_value("registry_elder", "id_number_hash", elder.pk)
        assert stored == crypto.lookup_hash(elder.id_number) and len(stored) == 43
        assert elder.id_number not in stored

    def test_changing_the_number_with_update_fields_moves_the_hash(self):
        elder = ElderFactory()
        elder.id_number = build_id_number("450102", date(1944, 1, 2), 7)
        elder.save(update_fields=["id_number"])
        assert Elder.objects.with_id_number(elder.id_number).get() == elder


class ElderIdNumberForm(forms.ModelForm):
    class Meta:
        model = Elder
        fields = ["id_number"]


class TestOnePersonOneRecord:
    def test_a_model_form_names_no_place_of_the_existing_record(self):
        existing = ElderFactory(name="韦秀英")
        newcomer = ElderFactory.build(village=VillageFactory(parent=region_named("新竹街道")))
        form = ElderIdNumberForm(data={"id_number": existing.id_number.lower()}, instance=newcomer)
        assert form.errors["id_number"] == ["该公民身份号码已登记，不能重复登记。如需核实，请联系县级民政部门。"]

    def test_the_form_accepts_the_record_itself_and_a_new_number(self):
        elder = ElderFactory()
        assert ElderIdNumberForm(data={"id_number": elder.id_number}, instance=elder).is_valid()
        other = ElderFactory.build(village=VillageFactory())
        assert ElderIdNumberForm(data={"id_number": build_id_number("450102", date(1941, 2, 3), 5)},
                                 instance=other).is_valid()

    def test_the_database_refuses_a_duplicate_through_the_hash(self):
        existing = ElderFactory()
        with pytest.raises(ValidationError, match="已登记"), transaction.atomic():
            ElderFactory(id_number=existing.id_number.lower())
        assert Elder.objects.with_id_number(existing.id_number).count() == 1


class TestTamperedValues:
    def test_an_altered_token_raises_instead_of_returning_garbage(self):
        elder = ElderFactory()
        token = raw_value("registry_elder", "id_number", elder.pk)
        flipped = token[:-3] + ("A" if token[-3] != "A" else "B") + token[-2:]
        set_raw_value("registry_elder", "id_number", elder.pk, flipped)
        with pytest.raises(crypto.FieldDecryptionError, match=r"registry\.Elder\.id_number: .*altered"):
            Elder.objects.get(pk=elder.pk)

    @pytest.mark.parametrize("stored", ["tf1$", "tf1$00000000$", "tf2$abc$def", "tf1$SHORT"])
    def test_a_damaged_or_unknown_format_raises(self, stored):
        elder = ElderFactory()
        set_raw_value("registry_elder", "phone", elder.pk, stored)
        with pytest.raises(crypto.FieldDecryptionError, match=r"registry\.Elder\.phone"):
            Elder.objects.get(pk=elder.pk)

    def test_a_truncated_token_raises(self):
        elder = ElderFactory()
        token = raw_value("registry_elder", "phone", elder.pk)
        set_raw_value("registry_elder", "phone", elder.pk, token[:30])
        with pytest.raises(crypto.FieldDecryptionError):
            Elder.objects.get(pk=elder.pk)

    def test_a_legacy_plaintext_value_still_reads(self):
        elder = ElderFactory()
        set_raw_value("registry_elder", "phone", elder.pk, "13907719999")
        assert Elder.objects.get(pk=elder.pk).phone == "13907719999"

    def test_an_encrypted_value_is_never_encrypted_twice(self):
        elder = ElderFactory()
        elder.phone = raw_value("registry_elder", "phone", elder.pk)
        with pytest.raises(ValueError, match="already encrypted"):
            Elder.objects.filter(pk=elder.pk).update(phone=elder.phone)
