import pytest

from policy_pages.policy_text import load_policy, parse_policy


@pytest.fixture(scope="module")
def document():
    return load_policy()


def _blocks(document, block_type):
    return [block["value"] for block in document.body if block["type"] == block_type]


def test_header_fields(document):
    assert document.document_number == "桂民发〔2023〕16号"
    assert document.issuing_bodies == "广西壮族自治区民政厅等11部门"
    assert document.notice_title == (
        "广西壮族自治区民政厅等11部门关于印发《全区特殊困难老年人探访关爱服务实施方案》的通知"
    )
    assert document.recipients.startswith("各市民政局、党委政法委")
    assert document.recipients.endswith("消防救援支队：")
    assert document.notice_text.startswith("现将《全区特殊困难老年人探访关爱服务实施方案》印发给你们")
    assert document.publication_note == "（此件公开发布）"
    assert document.title == "全区特殊困难老年人探访关爱服务实施方案"


def test_seven_headings_in_order(document):
    assert _blocks(document, "heading") == [
        "一、指导思想", "二、工作目标", "三、探访关爱服务对象", "四、探访关爱主要内容",
        "五、探访关爱服务步骤", "六、提升探访关爱服务质效", "七、保障措施",
    ]


def test_subsections_split_number_lead_and_text(document):
    subsections = _blocks(document, "subsection")
    assert len(subsections) == 16
    census = next(s for s in subsections if s["lead"] == "逐户上门摸清底数。")
    assert census["number"] == "（一）"
    assert census["text"].startswith("乡镇人民政府（街道办事处）负责组织开展特殊困难老年人摸底调查工作。")
    assert census["text"].endswith("统筹指导特殊困难老年人摸底调查工作。")
    assert subsections[0] == {
        "number": "（一）", "lead": "健康状况。",
        "text": "了解老年人表达能力、行动能力、反应能力、疾病情况、精神状况等基本生活能力状况。",
    }


def test_goal_paragraph_holds_the_monthly_visit_rate_sentence(document):
    goal = _blocks(document, "paragraph")[2]
    assert "确保特殊困难老年人月探访率达到100%" in goal


def test_preamble_and_closing_paragraphs(document):
    paragraphs = _blocks(document, "paragraph")
    assert document.body[0]["type"] == "paragraph"
    assert paragraphs[0].startswith("为实施积极应对人口老龄化国家战略")
    assert paragraphs[-1].startswith("2023年底，各市民政部门要将")


def test_annexes_end_the_body_and_annex_contents_are_left_out(document):
    assert document.annexes == [
        {"number": "1", "title": "探访关爱服务部门职责分工", "page": None},
        {"number": "2", "title": "特殊困难老年人探访关爱服务记录表", "page": None},
    ]
    assert [block["type"] for block in document.body[-2:]] == ["annex", "annex"]
    text = str(document.body)
    assert "消防救援机构：" not in text
    assert "一式两份" not in text


def test_text_without_notice_structure_is_rejected():
    with pytest.raises(ValueError):
        parse_policy("只有一行\n")
