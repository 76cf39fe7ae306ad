"""登记日期 (issue 9 item 5): never in the future, and the age rule holds on the day of registration."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from registry.dates import china_today
from registry.forms import ElderForm
from registry.id_numbers import build_id_number
from registry.models import Elder
from tests.registry.factories import ElderFactory, elder_form_data
from tests.registry.test_models import clean_errors
from tests.roles.factories import VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db


def turning_60_in(days):
    """A valid ID number of someone who turns 60 ``days`` from today (China time)."""
    today = china_today()
    birthday = today + timedelta(days=days)
    return build_id_number("450102", birthday.replace(year=birthday.year - 60), 11)


def test_a_59_year_old_with_next_years_registration_date_is_refused():
    elder = ElderFactory.build(village=VillageFactory(), id_number=turning_60_in(100),
                               registered_on=china_today() + timedelta(days=365))
    errors = clean_errors(elder)
    assert errors["registered_on"] == ["登记日期不能晚于今天。"]
    assert "未满60周岁" in errors["id_number"][0]


def test_a_future_registration_date_is_refused_for_anyone():
    elder = ElderFactory.build(village=VillageFactory(), id_number=build_id_number("450102", date(1940, 1, 1), 11),
                               registered_on=china_today() + timedelta(days=1))
    assert list(clean_errors(elder)) == ["registered_on"]


def test_today_and_past_registration_dates_are_accepted():
    for registered_on in (china_today(), china_today() - timedelta(days=30)):
        elder = ElderFactory.build(village=VillageFactory(), id_number=turning_60_in(-40),
                                   registered_on=registered_on)
        assert clean_errors(elder) == {}


def test_the_workbench_says_so_beside_the_field_and_its_date_picker_stops_today(client):
    village = VillageFactory(parent=region_named("民生街道"))
    user = role_holder("township_officer", "民生街道")
    client.force_login(user)
    tomorrow = (china_today() + timedelta(days=1)).isoformat()
    response = client.post(reverse("workbench:elder_create"), elder_form_data(
        village, household_prefix="household", id_number=turning_60_in(10), registered_on=tomorrow))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["registered_on"] == ["登记日期不能晚于今天。"] and "id_number" in errors
    assert not Elder.objects.filter(name="黄桂芳").exists()
    form = ElderForm(user=user)
    assert form.fields["registered_on"].widget.attrs["max"] == china_today().isoformat()
    assert f'max="{china_today().isoformat()}"' in str(form["consent_date"])
