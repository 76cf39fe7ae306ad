"""The visit form as a phone needs it: an index of its sections, required marks, errors listed with links,
today's date, the household's coded columns as lists, and section 六 (care delivered) left to staff."""

import re
from copy import deepcopy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from forms import fujian2
from forms.answer_forms import AnswersForm
from forms.answers import clean_answers
from forms.kinds import AnswerContext
from forms.models import VisitRecord
from forms.schema import Schema
from registry.dates import china_today
from tests.forms.factories import valid_answers
from tests.workbench.visiting import GOOD, posted, start
from workbench.visits import error_links

pytestmark = pytest.mark.django_db


def open_form(client, user, elder):
    start(client, user, elder)
    record = VisitRecord.objects.get(created_by=user)
    return record, client.get(reverse("workbench:visit_edit", args=[record.pk])).content.decode()


def index_links(html):
    index = re.search(r'<nav class="section-index".*?</nav>', html, re.S).group(0)
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', index)


def test_the_index_jumps_to_each_section_a_visitor_fills(client, elders, people):
    _, html = open_form(client, people["visitor"], elders["own"])
    links = index_links(html)
    assert [title[0] for _, title in links] == list("一二三四五")
    for anchor, title in links:
        assert f'<fieldset class="form-section" id="{anchor}">\n    <legend>{title}</legend>' in html
    assert "关爱服务情况" not in html and 'name="care_date"' not in html  # section 六 is not the visitor's


def test_staff_who_may_edit_the_file_see_section_six(client, elders, people):
    _, html = open_form(client, people["township"], elders["own"])
    assert [title[0] for _, title in index_links(html)] == list("一二三四五六")
    assert 'name="care_date"' in html


def test_required_fields_are_marked(client, elders, people):
    _, html = open_form(client, people["visitor"], elders["own"])
    mark = '<span class="required-mark" aria-hidden="true">*</span><span class="visually-hidden">（必填）</span>'
    assert f'<label for="id_name">姓名{mark}</label>' in html
    assert f'<label for="id_visit_date">探访日期{mark}</label>' in html
    assert f"<legend>探访方式{mark}</legend>" in html
    assert f'id="id_visitor_signature__image_label">探访人员（签字）{mark}</span>' in html
    assert '<label for="id_phone">联系电话</label>' in html  # not required


def test_the_visit_date_starts_as_today_in_shanghai(client, elders, people):
    record, html = open_form(client, people["visitor"], elders["own"])
    (tag,) = re.findall(r'<input[^>]*name="visit_date"[^>]*>', html)
    assert f'value="{china_today().isoformat()}"' in tag
    assert not record.plain_answers().get("visit_date")  # shown, saved with the first save


def test_the_household_sex_relation_and_assistance_are_lists(client, elders, people):
    member = elders["own"].household_members.get()
    _, html = open_form(client, people["visitor"], elders["own"])
    for column, code_label in (("sex", member.get_sex_display()), ("relation", member.get_relation_display()),
                               ("assistance_status", member.get_assistance_status_display())):
        select = re.search(rf'<select name="household_members-0-{column}".*?</select>', html, re.S).group(0)
        assert '<option value="">请选择</option>' in select
        assert f'<option value="{code_label}" selected>{code_label}</option>' in select
    assert '<select name="household_members-__prefix__-sex"' in html  # rows added in the browser too
    assert '<input type="text" name="household_members-0-name"' in html


def test_a_household_value_off_the_list_stays_an_option(elders):
    schema = Schema.from_stream_data(fujian2.sections())
    form = AnswersForm(schema, initial_answers={"household_members": [{"name": "李小明", "sex": "不详"}]})
    (row,) = form.table_inputs("household_members", {"sex": ["男", "女"]}).rows
    sex = next(cell for cell in row if cell["name"].endswith("-sex"))
    assert sex["choices"] == ["男", "女", "不详"] and sex["value"] == "不详"


def test_the_error_banner_lists_and_links_each_error(client, elders, people):
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    data = posted(record, client, **{**GOOD, "visit_date": "", "visit_method": "", "visitor_signature__image": ""},
                  submit="1")
    response = client.post(reverse("workbench:visit_edit", args=[record.pk]), data)
    assert response.status_code == 400
    html = response.content.decode()
    banner = re.search(r'<div class="notice notice--error error-summary".*?</div>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', banner)
    assert [anchor for anchor, _ in links] == ["id_visit_date", "id_visit_method_0",
                                               "id_visitor_signature__image_label"]  # in the order of the form
    for anchor, _ in links:
        assert f'id="{anchor}"' in html, anchor
    assert links[1][1] == "探访方式：此项为必填项。"
    assert "有 3 处需要修改" in banner


def test_a_table_error_links_to_its_cell():
    schema = Schema.from_stream_data(fujian2.sections())
    form = AnswersForm(schema, data={"household_members-0-name": "李小明", "household_members-0-id_number": "123",
                                     "phone": "12345"})
    assert form.is_valid()
    try:
        clean_answers(schema, form.answers(), AnswerContext(today=china_today()), partial=True)
    except ValidationError as error:
        form.add_answer_errors(error)
    links = error_links(form)
    assert [link["anchor"] for link in links] == ["id_phone", "id_household_members-0-id_number"]
    assert links[0]["label"] == "联系电话（被探访人）" and links[1]["message"].startswith("第1行“公民身份号码”")


def care_schema(required=True):
    """附件2 with a required 关爱日期 in section 六, as an administrator might publish it."""
    data = deepcopy(fujian2.sections())
    for field in data[-1]["value"]["fields"]:
        if field["value"]["key"] == "care_date":
            field["value"]["required"] = required
    return Schema.from_stream_data(data)


def test_required_fields_of_section_six_bind_only_when_care_is_recorded():
    schema, context = care_schema(), AnswerContext(today=china_today())
    assert not clean_answers(schema, valid_answers(), context)["care_date"]  # a visit without care: no error
    with pytest.raises(ValidationError) as error:
        clean_answers(schema, valid_answers(care_service="送米送油"), context)
    assert list(error.value.message_dict) == ["care_date"]
    with pytest.raises(ValidationError) as error:
        clean_answers(schema, valid_answers(name=""), context)
    assert list(error.value.message_dict) == ["name"]  # other sections' required fields still bind


def test_a_hidden_section_keeps_its_answers():
    schema = care_schema(required=False)
    keys = [spec.key for spec in schema.care_section().fields]
    form = AnswersForm(schema, data={}, initial_answers={"care_service": "送米送油"}, hidden_keys=keys)
    assert form.is_valid()
    assert "care_service" not in form.fields and form.answers()["care_service"] == "送米送油"
