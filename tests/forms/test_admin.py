"""Back office: an administrator lists, edits, saves a draft of and publishes the visit form.

Personas: a form administrator (model permissions on definitions, no superuser); a township
officer, who works in the workbench and must not reach these views.
"""

import json

import pytest
from django.urls import reverse

from forms.models import FollowUpRule, FormDefinition
from tests.forms.factories import definition_post_data, form_administrator, visit_form
from tests.roles.factories import role_holder

pytestmark = pytest.mark.django_db
LIST_URL = "wagtailsnippets_visit_forms_formdefinition:list"
EDIT_URL = "wagtailsnippets_visit_forms_formdefinition:edit"
HISTORY_URL = "wagtailsnippets_visit_forms_formdefinition:history"
RULES_URL = "wagtailsnippets_visit_forms_followuprule:list"


@pytest.fixture
def administrator_client(client):
    client.force_login(form_administrator())
    return client


def _shows(response, text):
    """Whether the page shows ``text``: as HTML, or inside the editor's JSON (non-ASCII escaped)."""
    html = response.content.decode()
    return text in html or json.dumps(text)[1:-1] in html


def _edit_url(definition):
    return reverse(EDIT_URL, args=[definition.pk])


class TestAdministrator:
    def test_lists_definitions_and_rules(self, administrator_client):
        response = administrator_client.get(reverse(LIST_URL))
        assert response.status_code == 200
        assert "特殊困难老年人探访关爱服务记录表" in response.content.decode()
        response = administrator_client.get(reverse(RULES_URL))
        assert response.status_code == 200
        assert "消防存在安全隐患" in response.content.decode()

    def test_opens_the_editor(self, administrator_client):
        response = administrator_client.get(_edit_url(visit_form()))
        assert response.status_code == 200
        for text in ("五、探访情况", "燃气安全", "fire_safety"):
            assert _shows(response, text)

    def test_saves_a_draft_and_the_live_version_stays(self, administrator_client):
        definition = visit_form()
        live_revision = definition.live_revision
        definition.description = "草稿说明"
        response = administrator_client.post(_edit_url(definition), definition_post_data(definition))
        assert response.status_code == 302
        definition = FormDefinition.objects.get(pk=definition.pk)
        assert definition.has_unpublished_changes
        assert definition.live_revision == live_revision
        assert definition.description != "草稿说明"  # the row keeps the live content
        assert definition.latest_revision.as_object().description == "草稿说明"
        assert definition.revisions.count() == 2

    def test_publishes_a_new_live_revision(self, administrator_client):
        definition = visit_form()
        first = definition.live_revision
        definition.description = "第二版"
        response = administrator_client.post(_edit_url(definition),
                                             definition_post_data(definition, **{"action-publish": "action-publish"}))
        assert response.status_code == 302
        definition = FormDefinition.objects.get(pk=definition.pk)
        assert definition.live_revision != first
        assert definition.live_revision == definition.latest_revision
        assert definition.description == "第二版" and not definition.has_unpublished_changes
        assert administrator_client.get(reverse(HISTORY_URL, args=[definition.pk])).status_code == 200

    def test_invalid_definition_is_refused_with_the_message(self, administrator_client):
        definition = visit_form()
        data = definition_post_data(definition, **{"action-publish": "action-publish"})
        key_field = next(name for name, value in data.items() if name.endswith("-key") and value == "mood")
        data[key_field] = "expression"
        response = administrator_client.post(_edit_url(definition), data)
        assert response.status_code == 200
        assert _shows(response, "字段标识“expression”重复（已在第5栏使用）。")
        assert FormDefinition.objects.get(pk=definition.pk).live_revision == definition.live_revision

    def test_rule_values_are_checked_against_the_form(self, administrator_client):
        response = administrator_client.post(reverse("wagtailsnippets_visit_forms_followuprule:add"), {
            "title": "燃气较安全", "field_key": "gas_safety", "condition": "equals", "values": "dangerous",
            "kind": "hazard", "active": "on", "sort_order": "20"})
        assert response.status_code == 200
        assert "“dangerous”不是该字段的选项值。可选值：safe（安全）、fairly_safe（较安全）、unsafe（不安全）" in (
            response.content.decode())
        response = administrator_client.post(reverse("wagtailsnippets_visit_forms_followuprule:add"), {
            "title": "燃气较安全", "field_key": "gas_safety", "condition": "equals", "values": "fairly_safe",
            "kind": "hazard", "active": "on", "sort_order": "20"})
        assert response.status_code == 302
        assert FollowUpRule.objects.filter(title="燃气较安全", values="fairly_safe").exists()


class TestTownshipOfficer:
    def test_cannot_reach_the_definitions(self, client):
        client.force_login(role_holder("township_officer", "民生街道"))
        response = client.get(reverse(LIST_URL))
        assert response.status_code in (302, 403)
        assert "特殊困难老年人探访关爱服务记录表" not in response.content.decode()


def test_an_administrator_locks_the_definition_against_others(client):
    definition = visit_form()
    owner = form_administrator()
    client.force_login(owner)
    response = client.post(reverse("wagtailsnippets_visit_forms_formdefinition:lock", args=[definition.pk]))
    assert response.status_code == 302
    definition.refresh_from_db()
    assert definition.locked and definition.locked_by == owner
    client.force_login(form_administrator())
    definition.description = "别人改的"
    client.post(_edit_url(definition), definition_post_data(definition, **{"action-publish": "action-publish"}))
    assert FormDefinition.objects.get(pk=definition.pk).live_revision == definition.live_revision
