"""The printed visit record (附件2), filled, blank and in bulk, read back from the PDF as text."""

import json
import shutil
import subprocess

import pytest
from django.urls import reverse

from forms.fujian2 import field
from forms.services import submit_visit
from printing import blank_form_pdf, visit_record_pdf, visit_records_pdf
from printing.visit_records import CHECKED, UNCHECKED
from registry.id_numbers import build_id_number, mask_id_number
from tests.forms.factories import draft_record, valid_answers, visit_form
from tests.registry.factories import ElderFactory

pytestmark = pytest.mark.django_db

TITLE = "特殊困难老年人探访关爱服务记录表"
NOTE = "备注：此表一式两份，可复印，县级民政部门、乡镇（街道）各存档一份。"
SECTIONS = ["一、探访对象基本情况", "二、家庭基本情况", "三、家庭生活条件", "四、已享受帮扶情况", "五、探访情况",
            "六、关爱服务情况"]
LABELS = ["家庭住址", "是否居住在户籍所在地", "是否残疾", "残疾人证号", "是否计划生育特殊家庭老年人", "公民身份号码",
          "与户主关系", "饮水是否安全", "帮扶单位（组织）", "帮扶责任人", "探访方式", "家庭人口", "表达能力",
          "疾病状况", "燃气安全", "消防安全", "室内环境", "老年人服务需求", "实施关爱服务建议", "探访人员（签字）",
          "被探访人（签字）", "信息录入人（签字）", "服务人员签字（盖章）", "老年人服务满意度评价"]


def flat(text):
    return "".join(text.split())


def pages(text):
    return [page for page in text.split("\f") if page.strip()]


def page_count(pdf_bytes):
    if not shutil.which("pdfinfo"):
        pytest.fail("pdfinfo is missing: apt-get install poppler-utils")
    info = subprocess.run(["pdfinfo", "-"], input=pdf_bytes, capture_output=True, check=True).stdout.decode()
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def submitted(elder=None, **answers):
    record = draft_record(elder=elder)
    return submit_visit(record, valid_answers(**answers), record.visitor)


def publish_with_added_field():
    """As an administrator would: a new published version with 是否接种流感疫苗 in section 五."""
    definition = visit_form()
    raw = json.loads(json.dumps(list(definition.sections.raw_data)))
    raw[4]["value"]["fields"].append(field(
        "single_choice", "flu_vaccine", "是否接种流感疫苗",
        choices=[{"value": "yes", "label": "已接种"}, {"value": "no", "label": "未接种"}]))
    definition.sections = raw
    definition.save_revision().publish()
    return definition


@pytest.fixture
def record():
    elder = ElderFactory(name="韦秀英")
    head = build_id_number(elder.village.code[:6], elder.birth_date, 11)
    return submitted(
        elder, name="韦秀英", visit_method={"value": "other", "other": "村委会代为问候"},
        family_change={"value": "increase", "count": 2}, illness={"value": "serious", "illness_name": "高血压"},
        fire_safety="unsafe", service_needs="需要助餐服务", lives_at_registered_residence={"value": True},
        assistance_providers={"value": ["volunteer", "enterprise"], "other": ""},
        household_members=[{"name": "韦秀英", "sex": "女", "id_number": head, "relation": "户主", "health": "良好"}],
        elder_signature={"unable": True, "reason": "手部受伤"},
    )


class TestFilledRecord:
    def test_title_sections_labels_and_note(self, pdf_text, record):
        text = pdf_text(visit_record_pdf(record, "李明"))
        one_line = flat(text)
        assert TITLE in text
        for expected in [*SECTIONS, *LABELS]:
            assert flat(expected) in one_line, expected
        assert flat(NOTE) in one_line
        assert "打印人：李明" in one_line

    def test_chosen_answers_are_ticked_and_the_others_are_empty_boxes(self, pdf_text, record):
        one_line = flat(pdf_text(visit_record_pdf(record, "李明")))
        for chosen in ["其他：村委会代为问候", "增加2人", "严重疾病名称：高血压", "不安全", "志愿者", "企业", "较安全"]:
            assert CHECKED + chosen in one_line, chosen
        for unchosen in ["电话问候", "上门探访", "无变化", "减少", "转好", "党政机关、群团组织", "社会组织"]:
            assert UNCHECKED + unchosen in one_line, unchosen
        assert f"{CHECKED}是{UNCHECKED}否" in one_line  # 是否居住在户籍所在地
        assert f"{UNCHECKED}是{CHECKED}否" in one_line  # 紧急情况
        assert "需要助餐服务" in one_line

    def test_visit_number_date_and_signatures(self, pdf_text, pdf_images, record):
        pdf = visit_record_pdf(record, "李明")
        one_line = flat(pdf_text(pdf))
        day = record.visit_date
        assert f"第1次开展探访{day.year}年{day.month}月{day.day}日" in one_line
        assert "被探访人无法签字：手部受伤" in one_line
        assert "年月日" in one_line  # the empty date lines of section 六
        assert pdf_images(pdf) == 1  # the visitor's signature

    def test_id_numbers_masked_unless_revealed(self, pdf_text, record):
        head = record.plain_answers()["household_members"][0]["id_number"]
        masked = pdf_text(visit_record_pdf(record, "李明"))
        assert mask_id_number(head) in masked and head not in masked
        assert head in pdf_text(visit_record_pdf(record, "李明", reveal=True))

    def test_fits_one_a4_page(self, record):
        assert page_count(visit_record_pdf(record, "李明")) == 1

    def test_typed_markup_is_printed_as_text(self, pdf_text):
        record = submitted(service_needs='<img src="file:///etc/passwd"><b>粗体</b>')
        assert '<img src="file:///etc/passwd"><b>粗体</b>' in pdf_text(visit_record_pdf(record, "李明"))


def test_an_added_field_prints_on_new_records_only(pdf_text):
    old = submitted()
    old_before = pdf_text(visit_record_pdf(old, "李明"))
    publish_with_added_field()
    new = submitted(flu_vaccine="yes")

    new_text = flat(pdf_text(visit_record_pdf(new, "李明")))
    assert "是否接种流感疫苗" in new_text
    assert f"{CHECKED}已接种{UNCHECKED}未接种" in new_text
    old_after = pdf_text(visit_record_pdf(type(old).objects.get(pk=old.pk), "李明"))
    assert "是否接种流感疫苗" not in old_after
    assert flat(old_after).replace(flat(old_after.split("打印时间：")[1][:20]), "") == \
        flat(old_before).replace(flat(old_before.split("打印时间：")[1][:20]), "")


class TestBlankForm:
    def test_every_box_is_empty(self, pdf_text):
        text = pdf_text(blank_form_pdf())
        one_line = flat(text)
        assert TITLE in text and flat(NOTE) in one_line
        for expected in [*SECTIONS, *LABELS]:
            assert flat(expected) in one_line, expected
        assert CHECKED not in text
        assert one_line.count(UNCHECKED) >= 60
        for empty in [f"{UNCHECKED}是{UNCHECKED}否", f"{UNCHECKED}增加人", "疾病名称：", "第次开展探访年月日"]:
            assert empty in one_line, empty
        assert "打印人" not in one_line  # nobody's name on the public form

    def test_follows_the_live_definition(self, pdf_text):
        assert "是否接种流感疫苗" not in pdf_text(blank_form_pdf())
        definition = publish_with_added_field()
        text = pdf_text(blank_form_pdf(definition))
        assert "是否接种流感疫苗" in text and CHECKED not in text

    def test_public_view_is_cacheable_pdf(self, client, pdf_text):
        url = reverse("blank_record_form_pdf")
        assert url == "/record-form/blank.pdf"
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "public, max-age=3600"
        assert response["Content-Disposition"].startswith("inline; ")
        assert TITLE in pdf_text(response.content)
        assert client.post(url).status_code == 405

    def test_record_form_page_links_to_it(self, client):
        from policy_pages.models import RecordFormPage
        from policy_pages.setup import load_site_pages

        load_site_pages()
        response = client.get(RecordFormPage.objects.get().url)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'href="/record-form/blank.pdf"' in html and "下载空白记录表（PDF）" in html


def test_bulk_pdf_has_one_record_per_page(pdf_text):
    records = [submitted(ElderFactory(name=name), name=name) for name in ("韦秀英", "黄建国", "覃美玲")]
    pdf = visit_records_pdf(records, "李明")
    assert page_count(pdf) == 3
    texts = pages(pdf_text(pdf))
    assert len(texts) == 3
    for record, page in zip(records, texts, strict=True):
        assert TITLE in page and flat(NOTE) in flat(page)
        assert [name for name in ("韦秀英", "黄建国", "覃美玲") if name in page] == [record.elder.name]
        assert flat(page).count("第1次开展探访") == 1
    assert "第3页/共3页" in flat(texts[-1])


def _png_with_padding(size):
    """A valid 1x1 PNG made ``size`` bytes larger by a text chunk, as a data URL."""
    import base64
    import struct
    import zlib

    from tests.forms.factories import PNG_BYTES

    body = b"Comment\x00" + b"x" * size
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", zlib.crc32(b"tEXt" + body))
    png = PNG_BYTES[:33] + chunk + PNG_BYTES[33:]  # after the signature and IHDR
    return "data:image/png;base64," + base64.b64encode(png).decode()


def test_signatures_larger_than_inline_data_urls_are_printed(pdf_images):
    """Signatures up to forms.signatures' limit print, though the fetcher refuses data: URLs over 32 KiB."""
    record = submitted(visitor_signature={"image": _png_with_padding(100_000)})
    assert len(record.visitor_signature.image) > 100_000
    assert pdf_images(visit_record_pdf(record, "李明")) == 1


def test_document_resources_must_use_their_own_prefix():
    from printing.fetcher import RESOURCE_PREFIX, ForeignURL, static_files_fetcher

    with pytest.raises(ForeignURL):
        static_files_fetcher({"file:///etc/passwd": ("image/png", b"")})
    fetcher = static_files_fetcher({RESOURCE_PREFIX + "a": ("image/png", b"png")})
    assert fetcher.fetch(RESOURCE_PREFIX + "a").read() == b"png"
    with pytest.raises(ForeignURL):
        fetcher.fetch(RESOURCE_PREFIX + "b")
