"""The printed elder file: what each relation may read, read back from the PDF as text."""

import pytest

from printing import elder_file_pdf
from registry.id_numbers import build_id_number, mask_id_number
from registry.phones import mask_phone
from tests.registry.factories import ElderFactory, HouseholdMemberFactory
from tests.roles.factories import UserFactory
from workbench.presenters import FULL, REFERRAL, VISIT, ElderFile

pytestmark = pytest.mark.django_db

TITLE = "特殊困难老年人档案"
CONFIDENTIAL = "本档案含个人信息，仅限工作使用，请妥善保管，不得外传。"


@pytest.fixture
def elder():
    elder = ElderFactory(name="韦秀英", phone="13912345678")
    HouseholdMemberFactory(elder=elder, name="黄建国", sex="male",
                           id_number=build_id_number(elder.village.code[:6], elder.birth_date.replace(year=1970), 11))
    return elder


@pytest.fixture
def printer():
    return UserFactory(first_name="李明", last_name="")


def printed(pdf_text, elder, relation, printer, reveal=False):
    return pdf_text(elder_file_pdf(ElderFile(elder, relation, reveal=reveal), printed_by=printer))


def headings(elder, relation):
    return [section.heading for section in ElderFile(elder, relation).sections()]


def single_line(text):
    return "".join(text.split())


class TestRegionStaff:
    def test_whole_file_with_masked_numbers(self, pdf_text, elder, printer):
        text = printed(pdf_text, elder, FULL, printer)
        for expected in [TITLE, elder.name, *headings(elder, FULL), "黄建国", "李明"]:
            assert expected in text
        assert mask_id_number(elder.id_number) in text
        assert elder.id_number not in text
        assert mask_phone(elder.phone) in text and elder.phone not in text
        household_id = elder.household_members.get().id_number
        assert mask_id_number(household_id) in text and household_id not in text

    def test_revealed_file_shows_full_numbers(self, pdf_text, elder, printer):
        text = printed(pdf_text, elder, FULL, printer, reveal=True)
        assert elder.id_number in text
        assert elder.household_members.get().id_number in text
        assert elder.phone in text

    def test_footer_says_who_printed_it_and_keeps_it_confidential(self, pdf_text, elder, printer):
        text = single_line(printed(pdf_text, elder, FULL, printer))
        assert single_line(CONFIDENTIAL) in text
        assert "打印人：李明" in text and "打印时间：" in text
        assert "第1页/共1页" in text or "第1页/共2页" in text


class TestAssignedVisitor:
    def test_no_identity_numbers(self, pdf_text, elder, printer):
        text = printed(pdf_text, elder, VISIT, printer)
        for expected in [TITLE, elder.name, *headings(elder, VISIT), "黄建国"]:
            assert expected in text
        assert elder.id_number not in text
        assert mask_id_number(elder.id_number) not in text
        assert "公民身份号码" not in text

    def test_phones_in_full_to_call(self, pdf_text, elder, printer):
        text = printed(pdf_text, elder, VISIT, printer, reveal=True)
        assert elder.phone in text and elder.first_contact_phone in text
        assert elder.id_number not in text  # reveal is for region staff only


class TestReferralDepartment:
    def test_who_and_where_only(self, pdf_text, elder, printer):
        text = printed(pdf_text, elder, REFERRAL, printer)
        for expected in [TITLE, elder.name, *headings(elder, REFERRAL), elder.first_contact_name]:
            assert expected in text
        assert elder.id_number not in text
        assert mask_id_number(elder.id_number) not in text
        assert "黄建国" not in text  # nothing about the family
        assert "家庭基本情况" not in text


def test_user_text_is_escaped_not_fetched(pdf_text, printer):
    """Markup typed into a field is printed as text, never loaded."""
    elder = ElderFactory(name="测试", address_detail='<img src="file:///etc/passwd">',
                         assistance_measures='<img src="http://127.0.0.1:9/x.png"><b>粗体</b>')
    text = printed(pdf_text, elder, FULL, printer)
    assert '<img src="file:///etc/passwd">' in text
    assert '<img src="http://127.0.0.1:9/x.png"><b>粗体</b>' in text


def test_several_files_in_one_pdf_one_per_page(pdf_text, printer):
    elders = ElderFactory.create_batch(3)
    from printing import elder_files_pdf

    pages = pdf_text(elder_files_pdf([ElderFile(elder, REFERRAL) for elder in elders], printer)).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) == 3
    for elder, page in zip(elders, pages, strict=True):
        assert elder.name in page and TITLE in page
    assert "第3页/共3页" in single_line(pages[-1])


def test_fonts_are_embedded_subsets(pdf_fonts, elder, printer):
    fonts = pdf_fonts(elder_file_pdf(ElderFile(elder, FULL), printer))
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert any(row[0].endswith("+Noto-Sans-CJK-SC") for row in rows), fonts
    # Every font is embedded (emb) as a subset (sub): columns ... emb sub uni object ID
    assert all(row[-5:-3] == ["yes", "yes"] for row in rows), fonts
