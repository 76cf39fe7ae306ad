"""Importing a census list: each valid row becomes a pending elder whose census case opens.

Personas (tests/workbench/conftest.py): the village worker and the township officer of 民生街道
import; the visitor and read-only officers may not; the outsider (新竹街道) only into their own
township.
"""

import csv
import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from registry import imports
from registry.id_numbers import build_id_number
from registry.models import Elder
from workflows import inbox
from workflows.flows import CensusFlow
from workflows.models import Case

pytestmark = pytest.mark.django_db

URL = reverse("workbench:elder_import")
TEMPLATE_URL = reverse("workbench:elder_import_template")


def census_row(village, name, sequence, **changes):
    """One row as a township would fill it in, keyed by column heading."""
    row = {
        "姓名": name, "公民身份号码": build_id_number("450102", date(1946, 7, 9), sequence),
        "联系电话": "13807712345", "村(社区)": village.name, "详细地址": "3组12号",
        "是否居住在户籍所在地": "是", "对象类别": "独居、空巢", "是否残疾": "否",
        "紧急联系人": "黄小明", "紧急联系人电话": "13907712345",
        "饮水是否安全": "安全", "生活用火用电用气是否安全": "不安全", "住房是否安全": "安全",
        "家庭每月收入（元）": "860.5", "家庭每月领取养老保险、社会救助和社会福利补贴等（元）": "320",
        "第一探访联系人": "黄小明", "第一探访联系人电话": "13907712345", "与老年人关系": "子女",
        "确定方式": "同住地子女", "是否同意接受探访关爱服务": "是", "意愿确认日期": "2025-03-01",
        "意愿表达人": "本人", "是否无民事行为能力或限制民事行为能力": "否",
    }
    row.update(changes)
    return row


def csv_file(rows, encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return SimpleUploadedFile("名单.csv", out.getvalue().encode(encoding), content_type="text/csv")


def upload(client, user, file):
    client.force_login(user)
    return client.post(URL, {"file": file})


@pytest.mark.parametrize("who", ["village", "township"])
class TestAListOfThreeWithOneBadIdNumber:
    @pytest.fixture
    def response(self, client, elders, people, who):
        village = elders["own"].village
        rows = [census_row(village, "黄桂芳", 248), census_row(village, "陆秀英", 362),
                census_row(village, "蒙大山", 511, 公民身份号码="450102194607090000")]
        return upload(client, people[who], csv_file(rows))

    def test_the_two_valid_rows_become_pending_elders_with_their_categories(self, response, elders):
        assert response.status_code == 200
        created = Elder.objects.filter(name__in=["黄桂芳", "陆秀英", "蒙大山"]).order_by("name")
        assert [(e.name, e.status, e.village) for e in created] == [
            ("陆秀英", "pending", elders["own"].village), ("黄桂芳", "pending", elders["own"].village)]
        assert set(created[0].categories.values_list("code", flat=True)) == {"living_alone", "empty_nest"}
        assert created[0].utilities_safety == "unsafe" and created[0].first_contact_relation == "child"

    def test_the_village_worker_gets_two_verify_tasks(self, response, people, who):
        tasks = inbox.inbox(people["village"]).filter(flow_task=CensusFlow.verify,
                                                      process__case__elder__name__in=["黄桂芳", "陆秀英"])
        assert tasks.count() == 2
        assert set(Case.objects.values_list("created_by", flat=True)) == {people[who].pk}

    def test_the_bad_row_is_reported_by_row_number_and_column(self, response):
        result = response.context["result"]
        assert [(row.number, row.errors) for row in result.failed] == [
            (4, [("公民身份号码", "公民身份号码校验码不正确，请核对是否有数字录入错误。")])]
        html = response.content.decode()
        assert "已登记 2 人，1 行未导入" in html and "第 4 行" in html
        for elder in result.created:
            assert reverse("workbench:elder_detail", args=[elder.pk]) in html

    def test_each_elder_and_the_import_are_audited(self, response, people, who):
        events = AuditEvent.objects.filter(user=people[who], action="create", object_type="registry.elder")
        assert events.exclude(object_id="").count() == 2
        summary = events.get(object_id="")
        expected = {"source": "census_import", "rows": 3, "created": 2, "rejected": 1}
        assert {key: summary.detail.get(key) for key in expected} == expected


def test_a_gbk_file_from_excel_imports(client, elders, people):
    rows = [census_row(elders["own"].village, "黄桂芳", 248)]
    response = upload(client, people["township"], csv_file(rows, encoding="gbk"))
    assert response.status_code == 200 and not response.context["result"].failed
    assert Elder.objects.get(name="黄桂芳").first_contact_kind == "child_nearby"


def test_a_village_outside_scope_is_a_row_error(client, elders, people):
    foreign = elders["other_county"].village
    rows = [census_row(foreign, "黄桂芳", 248), census_row(foreign, "陆秀英", 362, **{"村(社区)": foreign.code})]
    response = upload(client, people["township"], csv_file(rows))
    assert [row.errors for row in response.context["result"].failed] == [
        [("村(社区)", f"您负责的范围内没有“{foreign.name}”这个村(社区)。")],
        [("村(社区)", f"您负责的范围内没有“{foreign.code}”这个村(社区)。")]]
    assert not Elder.objects.filter(name__in=["黄桂芳", "陆秀英"]).exists()


def test_the_outsider_imports_into_their_own_township_only(client, elders, people):
    rows = [census_row(elders["own"].village, "黄桂芳", 248)]
    response = upload(client, people["outsider"], csv_file(rows))
    assert response.context["result"].failed and not Elder.objects.filter(name="黄桂芳").exists()


def test_unknown_answers_and_duplicates_in_the_file_are_row_errors(client, elders, people):
    village = elders["own"].village
    rows = [census_row(village, "黄桂芳", 248, 对象类别="独居、孤寡", 是否残疾="不知道"),
            census_row(village, "陆秀英", 362), census_row(village, "陆秀英", 362)]
    result = upload(client, people["township"], csv_file(rows)).context["result"]
    assert [row.number for row in result.failed] == [2, 4]
    errors = dict(result.failed[0].errors)
    assert errors.keys() == {"对象类别", "是否残疾"}
    assert errors["对象类别"].startswith("没有“孤寡”这个选项，可填：独居、")
    assert errors["是否残疾"] == "没有“不知道”这个选项，可填：是、否。"
    assert "已登记，不能重复登记" in result.failed[1].errors[0][1]
    assert Elder.objects.filter(name="陆秀英").count() == 1


@pytest.mark.parametrize("who", ["visitor", "county", "fire"])
def test_those_who_may_not_register_get_403(client, elders, people, who):
    response = upload(client, people[who], csv_file([census_row(elders["own"].village, "黄桂芳", 248)]))
    assert response.status_code == 403
    client.force_login(people[who])
    assert client.get(URL).status_code == 403 and client.get(TEMPLATE_URL).status_code == 403
    assert not Elder.objects.filter(name="黄桂芳").exists()


class TestUnreadableFiles:
    @pytest.mark.parametrize("content, message", [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)), "这不是CSV文件"),
        (b"\xff\xfe\xfd" * 10, "无法识别文件的文字编码"),
        ("姓名,公民身份号码\n黄桂芳,1\n".encode(), "缺少以下列：村(社区)"),
        (b"x" * (imports.MAX_BYTES + 1), "文件超过1MB"),
    ])
    def test_the_file_is_refused_beside_the_field_with_400(self, client, elders, people, content, message):
        response = upload(client, people["township"], SimpleUploadedFile("名单.csv", content))
        assert response.status_code == 400
        assert message in response.context["form"].errors["file"][0]
        assert message in response.content.decode()
        assert not Case.objects.exists()

    def test_too_many_rows_register_nobody(self, client, elders, people, monkeypatch):
        monkeypatch.setattr(imports, "MAX_ROWS", 2)
        village = elders["own"].village
        rows = [census_row(village, name, n) for name, n in [("甲", 248), ("乙", 362), ("丙", 511)]]
        response = upload(client, people["township"], csv_file(rows))
        assert response.status_code == 400 and "一次最多导入2行" in response.content.decode()
        assert not Elder.objects.filter(name__in=["甲", "乙", "丙"]).exists()

    def test_no_file_is_refused(self, client, people):
        client.force_login(people["township"])
        assert client.post(URL, {}).status_code == 400


class TestTemplate:
    def test_the_list_offers_import_to_those_who_may(self, client, people):
        for who, offered in [("village", True), ("township", True), ("county", False), ("visitor", False)]:
            client.force_login(people[who])
            assert (URL in client.get(reverse("workbench:elder_list")).content.decode()) is offered, who

    def test_the_template_is_utf8_with_bom_and_its_example_row_imports(self, client, elders, people):
        client.force_login(people["village"])
        response = client.get(TEMPLATE_URL)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        content = response.content
        assert content.startswith("\ufeff".encode())
        header, example = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert set(imports.required_columns()) <= set(header)
        assert example[header.index("公民身份号码")] == imports.example_id_number()
        response = upload(client, people["village"], SimpleUploadedFile("模板.csv", content))
        result = response.context["result"]
        assert not result.failed and len(result.created) == 1
        elder = result.created[0]
        assert (elder.name, elder.status, elder.village) == ("黄桂芳", "pending", elders["own"].village)
        assert Case.objects.filter(elder=elder, flow_class=CensusFlow).exists()
