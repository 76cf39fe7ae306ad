"""Every free text has a maximum (issue 9 item 4): models, forms, form-definition kinds, the import.

A 100 KB 帮扶措施 or visit answer made printing take minutes. Limits are in ``config.text_limits``;
forms render them as ``maxlength`` (which ``static/js/char-counter.js`` counts on the phone).
"""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from config.text_limits import LONG_TEXT, SHORT_TEXT, BoundedTextField
from forms.answer_forms import AnswersForm
from forms.kinds import KINDS
from forms.services import save_draft
from registry.forms import ElderForm
from tests.forms.factories import draft_record
from tests.forms.test_answer_forms import POST
from tests.registry.factories import ElderFactory, elder_form_data
from tests.roles.factories import VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db

PROJECT_APPS = {"registry", "roles", "visit_forms", "workflows", "audit", "printing", "accounts", "census_import"}


def test_no_model_of_ours_has_an_unbounded_typed_text():
    """Every TextField people type into is a BoundedTextField (the rest are written by the system)."""
    system_written = {"visit_forms.VisitSignature.image", "visit_forms.FollowUpFlag.detail",
                      "visit_forms.VisitRecord.service_needs", "visit_forms.VisitRecord.suggestions",
                      "visit_forms.VisitRecord.emergency_detail"}
    unbounded = [f"{model._meta.label}.{field.name}" for model in apps.get_models()
                 if model._meta.app_label in PROJECT_APPS for field in model._meta.get_fields()
                 if isinstance(field, models.TextField) and not isinstance(field, BoundedTextField)
                 and getattr(field, "max_length", None) is None and field.editable]
    assert sorted(set(unbounded) - system_written) == []


class TestAssistanceMeasures:
    def test_the_model_refuses_more_than_the_limit(self):
        elder = ElderFactory.build(village=VillageFactory(), assistance_measures="帮" * (LONG_TEXT + 1))
        with pytest.raises(ValidationError) as info:
            elder.full_clean()
        assert "assistance_measures" in info.value.message_dict

    def test_the_workbench_form_says_so_beside_the_field_and_renders_maxlength(self, client):
        village = VillageFactory(parent=region_named("民生街道"))
        user = role_holder("township_officer", "民生街道")
        client.force_login(user)
        response = client.post(reverse("workbench:elder_create"), elder_form_data(
            village, household_prefix="household", assistance_measures="帮" * 100_000))
        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["assistance_measures"]
        assert f'maxlength="{LONG_TEXT}"' in str(ElderForm(user=user)["assistance_measures"])
        assert "js/char-counter.js" in response.content.decode()

    def test_the_import_reports_the_row(self, client, settings, tmp_path, django_capture_on_commit_callbacks):
        from census_import.models import StagedRow

        from tests.census_import.factories import CensusLists
        from tests.census_import.uploads import upload

        settings.TANFANG_PRIVATE_ROOT = tmp_path
        village = VillageFactory(parent=region_named("民生街道"))
        client.force_login(role_holder("village_worker", village))
        lines = [["姓名", "身份证号码", "村", "类别", "住址"],
                 ["黄桂芳", "450102194607092483", village.name, "空巢", "帮" * 121]]
        upload(client, django_capture_on_commit_callbacks, "名单.csv", CensusLists._csv(lines, "utf-8"), "grid")
        row = StagedRow.objects.get()
        assert (row.outcome, row.reasons) == ("correction", [["住址", "超过120字"]])


class TestFormDefinitionKinds:
    def test_text_and_long_text_have_default_limits(self):
        record = draft_record()
        schema = record.schema
        text_key = next(spec.key for spec in schema.fields()
                        if spec.kind == "text" and spec.option("format", "text") == "text")
        long_key = next(spec.key for spec in schema.fields() if spec.kind == "long_text")
        for key, limit in ((text_key, SHORT_TEXT), (long_key, LONG_TEXT)):
            spec = schema.field(key)
            assert KINDS[spec.kind].max_length(spec) == limit
            with pytest.raises(ValidationError) as info:
                save_draft(record, {key: "字" * (limit + 1)}, record.visitor)
            assert info.value.message_dict[key] == [f"最多{limit}个字，现有{limit + 1}个字。"]
            save_draft(record, {key: "字" * limit}, record.visitor)

    def test_a_definition_may_set_its_own_limit(self):
        spec = draft_record().schema.field("suggestions")
        spec.options["max_length"] = 20
        with pytest.raises(ValidationError):
            KINDS["long_text"].clean(spec, "字" * 21, None)
        assert KINDS["long_text"].clean(spec, "字" * 20, None) == "字" * 20

    @pytest.mark.parametrize(("key", "answer"), [
        ("illness", {"value": "serious", "illness_name": "病" * (SHORT_TEXT + 1)}),
        ("visit_method", {"value": "other", "other": "其" * (SHORT_TEXT + 1)}),
        ("emergency", {"value": True, "detail": "急" * (LONG_TEXT + 1)}),
        ("household_members", [{"name": "名" * (SHORT_TEXT + 1)}]),
    ])
    def test_the_text_parts_of_other_kinds_are_bounded(self, key, answer):
        record = draft_record()
        with pytest.raises(ValidationError) as info:
            save_draft(record, {key: answer}, record.visitor)
        assert "最多" in str(info.value.message_dict[key])

    def test_the_visit_form_renders_maxlength_everywhere_text_is_typed(self):
        record = draft_record()
        form = AnswersForm(record.schema, data=POST)
        html = str(form["suggestions"]) + str(form["illness__illness_name"]) + str(form["emergency__detail"])
        assert f'maxlength="{LONG_TEXT}"' in html and f'maxlength="{SHORT_TEXT}"' in html
        assert all(cell["max_length"] == SHORT_TEXT for cell in form.table_inputs("household_members").blank_row)
