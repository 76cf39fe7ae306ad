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


def test_census_import(client, village, settings, tmp_path, django_capture_on_commit_callbacks):
    """Registered by someone else between the preview and the confirmation: the list joins that record."""
    from census_import.models import ImportBatch, StagedRow

    from tests.census_import.factories import CensusLists
    from tests.census_import.uploads import confirm, upload

    settings.TANFANG_PRIVATE_ROOT = tmp_path
    client.force_login(role_holder("township_officer", "民生街道"))
    lines = [["姓名", "身份证号码", "村", "类别"], ["黄桂芳", ID_NUMBER, village.name, "空巢"]]
    upload(client, django_capture_on_commit_callbacks, "名单.csv", CensusLists._csv(lines, "utf-8"), "health")
    batch = ImportBatch.objects.latest("pk")
    assert batch.counts()["new"] == 1
    first = ElderFactory(id_number=ID_NUMBER, name="先登记的人", village=village)
    confirm(client, django_capture_on_commit_callbacks, batch, {})
    only_the_first_is_registered()
    assert StagedRow.objects.get(file__batch=batch).elder == first
    assert list(first.census_sources.values_list("source", flat=True)) == ["health"]
