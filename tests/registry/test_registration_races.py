"""Two registrations of one new ID number at the same moment: the second gets the duplicate message, not a 500.

The race is made deterministic: the other registration is saved right after this form was
validated (so the form's own duplicate check passed) and before it is saved.
"""

from datetime import date

import pytest
from django.urls import reverse

from registry.forms import ElderFormMixin
from registry.id_numbers import build_id_number
from registry.models import Elder
from tests.registry.factories import ElderFactory, elder_form_data
from tests.registry.test_admin import officer_of
from tests.roles.factories import VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db

ID_NUMBER = build_id_number("450102", date(1946, 7, 9), 248)
DUPLICATE = "该公民身份号码已"  # 已在…登记 / 已登记: the wording of Elder.duplicate_id_number_message


@pytest.fixture
def registered_meanwhile(monkeypatch):
    """Save another elder with ``ID_NUMBER`` once the next elder form has been validated."""
    validated = ElderFormMixin._post_clean
    done = []

    def validate_then_lose_the_race(form):
        validated(form)
        if not done and not form.errors:
            done.append(ElderFactory(id_number=ID_NUMBER, name="先登记的人"))

    monkeypatch.setattr(ElderFormMixin, "_post_clean", validate_then_lose_the_race)
    return done


@pytest.fixture
def village():
    return VillageFactory(parent=region_named("民生街道"))


def only_the_first_is_registered():
    assert list(Elder.objects.with_id_number(ID_NUMBER).values_list("name", flat=True)) == ["先登记的人"]
    assert not Elder.objects.filter(name="黄桂芳").exists()


def test_workbench_registration(client, village, registered_meanwhile):
    client.force_login(role_holder("township_officer", "民生街道"))
    data = elder_form_data(village, household_prefix="household", id_number=ID_NUMBER)
    response = client.post(reverse("workbench:elder_create"), data)
    assert registered_meanwhile, "the race was not run"
    assert response.status_code == 400
    assert any(DUPLICATE in message for message in response.context["form"].errors["id_number"])
    assert "黄桂芳" in response.content.decode()  # what was typed is kept
    only_the_first_is_registered()


def test_back_office_registration(client, village, registered_meanwhile):
    client.force_login(officer_of("兴宁区", "view_elder", "add_elder"))  # a county that registers centrally
    response = client.post(reverse("registry_elder_modeladmin_create"), elder_form_data(village, id_number=ID_NUMBER))
    assert registered_meanwhile, "the race was not run"
    assert response.status_code == 200
    assert any(DUPLICATE in message for message in response.context["form"].errors["id_number"])
    only_the_first_is_registered()


def test_census_import(client, village, registered_meanwhile):
    from tests.workbench.test_elder_import import census_row, csv_file

    client.force_login(role_holder("township_officer", "民生街道"))
    row = census_row(village, "黄桂芳", 248, **{"公民身份号码": ID_NUMBER})
    response = client.post(reverse("workbench:elder_import"), {"file": csv_file([row])})
    assert registered_meanwhile, "the race was not run"
    assert response.status_code == 200
    [outcome] = response.context["result"].rows
    assert outcome.elder is None and any(DUPLICATE in message for _label, message in outcome.errors)
    only_the_first_is_registered()
