"""Every role against (an elder of theirs, one in the same county's other township, one in another
county) × (list, view, edit, export, PDF, reveal ID): the designed answer, and 404 outside scope."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ELDERS = ["own", "same_county", "other_county"]
ACTIONS = ["list", "view", "edit", "export", "pdf", "reveal"]

FULL = {"list": True, "view": 200, "edit": 200, "export": True, "pdf": 200, "reveal": 200}
READ = {**FULL, "edit": 403}
OUT = {"list": False, "view": 404, "edit": 404, "export": False, "pdf": 404, "reveal": 404}
OUT_NO_EXPORT = {**OUT, "export": 403}
VISIT = {"list": True, "view": 200, "edit": 403, "export": 403, "pdf": 403, "reveal": 403}
CENSUS = {"list": True, "view": 200, "edit": 200, "export": 403, "pdf": 200, "reveal": 403}

EXPECTED = {
    "province": {"own": READ, "same_county": READ, "other_county": READ},
    "county": {"own": READ, "same_county": READ, "other_county": OUT},
    "township": {"own": FULL, "same_county": OUT, "other_county": OUT},
    "village": {"own": CENSUS, "same_county": OUT_NO_EXPORT, "other_county": OUT_NO_EXPORT},
    "visitor": {"own": VISIT, "same_county": OUT_NO_EXPORT, "other_county": OUT_NO_EXPORT},
    "fire": {"own": OUT_NO_EXPORT, "same_county": OUT_NO_EXPORT, "other_county": OUT_NO_EXPORT},
    "outsider": {"own": OUT, "same_county": OUT, "other_county": FULL},
    "auditor": {"own": OUT_NO_EXPORT, "same_county": OUT_NO_EXPORT, "other_county": OUT_NO_EXPORT},
}


def attempt(client, action, elder):
    """Perform ``action`` on ``elder``; a bool for list/export (is the elder in it?), else the status."""
    if action == "list":
        return elder.name in client.get(reverse("workbench:elder_list")).content.decode()
    if action == "export":
        response = client.get(reverse("workbench:elder_export"))
        return elder.name in response.content.decode() if response.status_code == 200 else response.status_code
    if action == "reveal":
        url = reverse("workbench:elder_reveal", args=[elder.pk])
        return client.post(url, {"reason": "核对身份办理救助"}).status_code
    url_name = {"view": "elder_detail", "edit": "elder_edit", "pdf": "elder_print"}[action]
    return client.get(reverse(f"workbench:{url_name}", args=[elder.pk])).status_code


CASES = [(role, elder, action, EXPECTED[role][elder][action])
         for role in EXPECTED for elder in ELDERS for action in ACTIONS]


@pytest.mark.parametrize(("role", "elder_key", "action", "expected"), CASES,
                         ids=[f"{r}-{e}-{a}" for r, e, a, _ in CASES])
def test_designed_answer(client, elders, people, role, elder_key, action, expected):
    client.force_login(people[role])
    assert attempt(client, action, elders[elder_key]) == expected


@pytest.mark.parametrize("role", list(EXPECTED))
def test_guessed_ids_are_404_like_missing_ones(client, elders, people, role):
    client.force_login(people[role])
    for pk in (999999, 0):
        for url_name in ("elder_detail", "elder_edit", "elder_print"):
            assert client.get(reverse(f"workbench:{url_name}", args=[pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, elders):
    for url in (reverse("workbench:home"), reverse("workbench:elder_list"),
                reverse("workbench:elder_detail", args=[elders["own"].pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
