"""What the workbench's pages give a phone: dial pads for numbers, tap-to-call where the number is shown."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from forms.models import VisitRecord
from tests.workbench.visiting import start
from workbench.presenters import Phone
from workflows.flows.visits import VisitFlow
from workflows.models import CaseTask, Referral, ServiceProvider
from workflows.scheduler import schedule_visits

pytestmark = pytest.mark.django_db


def inputs_named(html, name):
    return re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', html)


def assert_dial_pad(html, name):
    (tag,) = inputs_named(html, name)
    assert 'type="tel"' in tag and 'inputmode="tel"' in tag, tag


def test_registration_and_census_phone_inputs_open_the_dial_pad(client, people):
    client.force_login(people["township"])
    html = client.get(reverse("workbench:elder_create")).content.decode()
    for name in ("phone", "emergency_contact_phone", "first_contact_phone", "guardian_phone"):
        assert_dial_pad(html, name)
    (id_number,) = inputs_named(html, "id_number")
    assert 'type="tel"' not in id_number  # an ID number may end in X


def test_visit_form_phone_inputs_open_the_dial_pad(client, elders, people):
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    html = client.get(reverse("workbench:visit_edit", args=[record.pk])).content.decode()
    for name in ("phone", "emergency_contact_phone"):
        assert_dial_pad(html, name)
    (name_input,) = inputs_named(html, "name")
    assert 'type="text"' in name_input


def tel_links(html):
    return re.findall(r'href="tel:([^"]*)"', html)


def test_a_visitor_may_call_the_phones_shown_in_full(client, elders, people):
    elder = elders["own"]
    client.force_login(people["visitor"])
    html = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
    assert elder.phone in tel_links(html) and elder.first_contact_phone in tel_links(html)


def test_staff_get_a_call_link_only_once_the_number_is_revealed(client, elders, people):
    elder = elders["own"]
    client.force_login(people["township"])
    masked = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
    assert tel_links(masked) == []
    revealed = client.post(reverse("workbench:elder_reveal", args=[elder.pk]), {"reason": "核对身份办理临时救助"})
    assert elder.phone in tel_links(revealed.content.decode())


@pytest.mark.parametrize(("number", "tel"), [
    ("13812345678", "13812345678"), ("0771-1234567", "0771-1234567"), ("0771-1234567-801", "0771-1234567,801"),
])
def test_a_landline_extension_is_dialled_after_a_pause(number, tel):
    assert Phone(number).tel == tel and str(Phone(number)) == number


def test_a_task_card_links_the_elders_name_and_offers_the_file(client, elders, people):
    elder = elders["own"]
    schedule_visits()
    task = CaseTask.objects.get(process__case__elder=elder, flow_task=VisitFlow.visit)
    client.force_login(people["visitor"])
    html = client.get(reverse("workflows:inbox")).content.decode()
    detail = reverse("workflows:task_detail", args=[task.pk])
    assert re.search(rf'<a class="task-card__title" href="{detail}">{elder.name}</a>', html)
    assert f'href="{reverse("workbench:elder_detail", args=[elder.pk])}"' in html and ">档案</a>" in html
    home = client.get(reverse("workbench:home")).content.decode()  # the start page's next tasks alike
    assert re.search(rf'<a class="task-card__title" href="{detail}">{elder.name}</a>', home)
    assert re.search(rf'<a class="button button--secondary" href="{reverse("workbench:elder_detail", args=[elder.pk])}"'
                     rf' aria-label="{elder.name}的档案">档案</a>', home)



def test_a_referral_screen_offers_to_call_the_service_provider():
    provider = ServiceProvider(name="邕宁爱心服务社", contact_name="黄社工", contact_phone="0771-1234567")
    html = render_to_string("workflows/referrals/referral_summary.html",
                            {"referral": Referral(need="助餐服务", provider=provider)})
    assert tel_links(html) == ["0771-1234567"] and "黄社工" in html
