"""No "---------" or "—" choice in any select or radio, no empty radio pre-selected (issue 9, item 22)."""

import re

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from config.choice_prompts import PROMPT, prompt_field
from tests.roles.factories import DEFAULT_PASSWORD
from tests.workbench.visiting import start
from tests.workflows.referral_factories import case_of, cast, open_task, submit
from workflows.flows import ReferralFlow

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input[^>]*type="radio"[^>]*>')
EMPTY_OPTION = re.compile(r'<option value="">([^<]*)</option>')


def assert_prompts(html):
    assert "---------" not in html
    radios = RADIO.findall(html)
    assert not [radio for radio in radios if 'value=""' in radio], "an empty radio button is offered"
    assert not {label.strip() for label in EMPTY_OPTION.findall(html)} & {"", "—", "-"}, "a dash as a choice"
    return html


def test_selects_prompt_and_radios_lose_their_empty_choice():
    select = prompt_field(forms.ChoiceField(choices=[("", "---------"), ("a", "甲")]))
    assert list(select.choices) == [("", PROMPT), ("a", "甲")]
    radio = prompt_field(forms.ChoiceField(choices=[("", "—"), ("a", "甲")], widget=forms.RadioSelect))
    assert list(radio.choices) == [("a", "甲")]
    kept = prompt_field(forms.ChoiceField(choices=[("", "全部状态"), ("a", "甲")]))
    assert list(kept.choices)[0] == ("", "全部状态")


def test_registering_and_editing_an_elder(client, elders, people):
    client.force_login(people["township"])
    page = assert_prompts(client.get(reverse("workbench:elder_create")).content.decode())
    assert f'<option value="" selected>{PROMPT}</option>' in page  # 所在村(社区) opens on the prompt
    assert_prompts(client.get(reverse("workbench:elder_edit", args=[elders["own"].pk])).content.decode())


def test_the_visit_forms_yes_no_questions_have_no_dash(client, elders, people):
    response = start(client, people["visitor"], elders["own"])
    html = assert_prompts(client.get(response.url).content.decode())
    assert 'name="emergency" value="true"' in html and 'name="emergency" value="false"' in html


def test_the_satisfaction_review_preselects_nothing(client):
    people = cast()
    case = case_of(submit(people, fire_safety="unsafe"), "fire_safety")
    assert client.login(username=people.fire.username, password=DEFAULT_PASSWORD)
    task = open_task(case)
    client.post(reverse("workflows:referral_accept", args=[task.pk]), {"decision": "accept"})
    task = open_task(case)
    client.post(reverse("workflows:referral_service", args=[task.pk]), {
        "service_date": timezone.localdate().isoformat(), "content": "更换老化插座", "server_name": "王消防"})
    task = open_task(case)
    assert task.flow_task == ReferralFlow.review
    client.logout()
    assert client.login(username=people.officer.username, password=DEFAULT_PASSWORD)
    html = assert_prompts(client.get(reverse("workflows:referral_review", args=[task.pk])).content.decode())
    assert 'name="rating"' in html and "checked" not in "".join(RADIO.findall(html))
