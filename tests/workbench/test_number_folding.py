"""Full-width and mixed digits (issue 9 item 2): folded to ASCII wherever an ID number or phone enters.

Typed ``４５０１０２…`` must be stored, hashed and searched as ``450102…``: otherwise the same
person is registered twice and searches miss them. Digits NFKC leaves alone (Arabic-Indic ٤٥…)
are refused, never stored.
"""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from forms.kinds import _formatted_text
from registry import crypto
from registry.id_numbers import build_id_number, normalize_id_number, validate_id_number
from registry.models import Elder, HouseholdMember
from registry.phones import normalize_phone, validate_phone
from registry.wagtail_hooks import ElderSearchHandler
from tests.registry.factories import ElderFactory, HouseholdMemberFactory, elder_form_data
from workbench.forms import search_elders

pytestmark = pytest.mark.django_db

NUMBER = build_id_number("450102", date(1946, 7, 9), 248)
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def full_width(text):
    return text.translate(FULL_WIDTH)


def mixed(text):
    """Every other character full-width, as a phone keyboard switching modes types them."""
    return "".join(full_width(char) if index % 2 else char for index, char in enumerate(text))


def register(client, user, village, **changes):
    client.force_login(user)
    return client.post(reverse("workbench:elder_create"),
                       elder_form_data(village, household_prefix="household", **changes))


class TestNormalising:
    def test_full_width_id_numbers_and_phones_fold_to_ascii(self):
        assert normalize_id_number(full_width(NUMBER)) == NUMBER
        assert normalize_id_number("４５０１０２１９４６０７０９２４８ｘ") == "45010219460709248X"
        assert normalize_phone("１３８　０７７１　２３４５") == "13807712345"
        assert normalize_phone("（０７７１）１２３４５６７") == "0771-1234567"

    @pytest.mark.parametrize("digits", ["٠١٢٣٤٥٦٧٨٩", "०१२३४५६७८९"])  # Arabic-Indic, Devanagari
    def test_other_unicode_digits_are_refused(self, digits):
        other = NUMBER.translate(str.maketrans("0123456789", digits))
        with pytest.raises(Exception, match="数字"):
            validate_id_number(other)
        with pytest.raises(Exception, match="有效的手机号码"):
            validate_phone("13807712345".translate(str.maketrans("0123456789", digits)))

    def test_a_visit_form_phone_answer_is_folded(self):
        assert _formatted_text("１３９０７７１２３４５", "phone") == "13907712345"
        assert _formatted_text(mixed(NUMBER), "id_number") == NUMBER


class TestRegistering:
    def test_full_width_digits_are_stored_as_ascii(self, client, elders, people):
        response = register(client, people["village"], elders["own"].village, id_number=full_width(NUMBER),
                            phone="１３８０７７１２３４５", emergency_contact_phone=mixed("13907712345"))
        assert response.status_code == 302, response.content.decode()[:2000]
        elder = Elder.objects.get(name="黄桂芳")
        assert (elder.id_number, elder.phone, elder.emergency_contact_phone) == (
            NUMBER, "13807712345", "13907712345")
        assert Elder.objects.with_id_number(NUMBER).get() == elder

    def test_the_disability_certificate_number_is_folded_too(self, client, elders, people):
        response = register(client, people["village"], elders["own"].village, id_number=NUMBER,
                            is_disabled="True", disability_certificate_number=full_width(NUMBER + "41"))
        assert response.status_code == 302, response.content.decode()[:2000]
        assert Elder.objects.get(name="黄桂芳").disability_certificate_number == NUMBER + "41"

    def test_the_same_person_typed_with_mixed_digits_is_a_duplicate(self, client, elders, people):
        assert register(client, people["village"], elders["own"].village, id_number=NUMBER).status_code == 302
        response = register(client, people["village"], elders["own"].village, id_number=mixed(NUMBER),
                            name="黄桂芳二")
        assert response.status_code == 400
        assert [error.code for error in response.context["form"].errors.as_data()["id_number"]] == ["unique"]
        assert Elder.objects.with_id_number(NUMBER).count() == 1

    def test_the_import_folds_too(self, elders, people):
        from census_import import values
        from census_import.staging import Villages, scope_villages

        village = elders["own"].village
        assert (values.id_number(full_width(NUMBER)), values.phone("１３８０７７１２３４５")) == (NUMBER, "13807712345")
        assert Villages(scope_villages(people["village"])).find(full_width(village.code)) == village


class TestSearching:
    def test_a_full_width_number_finds_the_elder_in_the_workbench_and_the_admin(self, elders):
        elder = elders["own"]
        for term in (full_width(elder.id_number), mixed(elder.id_number)):
            assert list(search_elders(Elder.objects.all(), term)) == [elder]
            assert list(ElderSearchHandler(["name"]).search_queryset(Elder.objects.all(), term)) == [elder]


class TestRepairingStoredRows:
    """Migration 0008 folds the numbers stored as typed before ``registry.digits``."""

    fold = staticmethod(importlib.import_module("registry.migrations.0008_p9input_fold_digits").fold_stored_numbers)

    @staticmethod
    def store_as_typed(elder, **values):
        """Write values the way the old code stored them: encrypted as typed, hashed as typed."""
        columns = {name: crypto.encrypt(value) for name, value in values.items()}
        if "id_number" in values:
            columns["id_number_hash"] = crypto.lookup_hash(values["id_number"])
        with connection.cursor() as cursor:
            assignments = ", ".join(f"{column} = %s" for column in columns)
            cursor.execute(f"UPDATE registry_elder SET {assignments} WHERE id = %s", [*columns.values(), elder.pk])

    def test_stored_full_width_numbers_are_folded_and_rehashed(self):
        elder = ElderFactory()
        member = HouseholdMemberFactory(elder=elder, sex="male",
                                        id_number=build_id_number("450102", date(1975, 1, 1), 1))
        number, member_number = elder.id_number, member.id_number
        self.store_as_typed(elder, id_number=full_width(number), phone="１３９０７７１００００")
        HouseholdMember.objects.filter(pk=member.pk).update(id_number=full_width(member_number))
        assert not Elder.objects.with_id_number(number).exists()  # the defect: the ASCII search misses

        assert self.fold(apps, None, report=lambda line: None) == []
        elder.refresh_from_db()
        member.refresh_from_db()
        assert (elder.id_number, elder.phone, member.id_number) == (number, "13907710000", member_number)
        assert Elder.objects.with_id_number(number).get() == elder

    def test_a_row_that_folds_onto_another_is_left_and_named(self):
        first, second = ElderFactory(), ElderFactory()
        self.store_as_typed(second, id_number=full_width(first.id_number), phone="１３９０７７１００００")
        lines = []
        assert self.fold(apps, None, report=lines.append) == [second.pk]
        assert str(second.pk) in lines[0] and first.id_number not in lines[0]
        second.refresh_from_db()
        assert second.id_number == full_width(first.id_number) and second.phone == "13907710000"
        assert Elder.objects.with_id_number(first.id_number).get() == first
