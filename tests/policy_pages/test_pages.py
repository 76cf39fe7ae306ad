import datetime

from django.utils.html import strip_tags

from policy_pages.models import NewsKind
from policy_pages.models.news import NEWS_PER_PAGE
from policy_pages.policy_text import load_policy
from roles.models import Department
from roles.reference import DEPARTMENTS
from tests.policy_pages.factories import NewsPageFactory


def _text(response):
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def test_home_page_names_the_service_links_sections_and_lists_news(client, site_pages):
    response = client.get("/")
    text = _text(response)
    html = response.content.decode()
    assert "探访关爱" in text
    assert "独居、空巢、留守、失能、重残、计划生育特殊家庭" in text
    for page in ("policy", "departments", "record_form", "news"):
        assert f'href="{site_pages[page].url}"' in html
    assert "入户探访要点：探访关爱服务人员培训资料" in text


def test_base_layout_language_skip_link_menu_search_and_footer(client, site_pages):
    html = client.get(site_pages["departments"].url).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert 'class="skip-link" href="#main"' in html and 'id="main"' in html
    for label in ("首页", "政策文件", "部门职责", "记录表", "新闻通知"):
        assert f">{label}</a>" in html
    assert f'<a href="{site_pages["departments"].url}" aria-current="page">部门职责</a>' in html
    assert 'action="/search/"' in html and 'name="query"' in html
    assert "注重保护特殊困难老年人隐私" in html


def test_large_text_toggle_is_a_button_wired_by_a_static_script(client, site_pages):
    html = client.get("/").content.decode()
    assert 'data-large-text-toggle aria-pressed="false"' in html
    assert ">大字</button>" in html
    assert '<script src="/static/js/large-text.js"></script>' in html


def test_policy_page_holds_the_policy_text(client, site_pages):
    text = _text(client.get(site_pages["policy"].url))
    document = load_policy()
    assert "确保特殊困难老年人月探访率达到100%" in text
    for expected in (document.document_number, document.issuing_bodies, document.notice_title,
                     document.recipients, document.title, "（一）逐户上门摸清底数。", "七、保障措施"):
        assert expected in text
    for block in document.body:
        value = block["value"]
        if block["type"] == "subsection":
            assert value["number"] + value["lead"] + value["text"] in text
        elif block["type"] in ("heading", "paragraph"):
            assert value in text


def test_policy_page_links_its_annexes(client, site_pages):
    html = client.get(site_pages["policy"].url).content.decode()
    assert f'附件1：<a href="{site_pages["departments"].url}">探访关爱服务部门职责分工</a>' in html
    assert f'附件2：<a href="{site_pages["record_form"].url}">特殊困难老年人探访关爱服务记录表</a>' in html


def test_departments_page_lists_all_eleven_in_order_with_duties(client, site_pages):
    response = client.get(site_pages["departments"].url)
    text = _text(response)
    html = response.content.decode()
    positions = [html.index(f"<h2>{name}</h2>") for _, name, _ in DEPARTMENTS]
    assert positions == sorted(positions)
    for _, name, duties in DEPARTMENTS:
        assert duties in text, name
    assert len(DEPARTMENTS) == 11


def test_departments_page_shows_an_administrators_edit(client, site_pages):
    department = Department.objects.get(code="fire_rescue")
    department.duties = "组织开展精准消防关爱行动，定期入户检查老年人家中用火用电安全。"
    department.save()
    text = _text(client.get(site_pages["departments"].url))
    assert "定期入户检查老年人家中用火用电安全" in text


def test_record_form_page_shows_every_section_and_the_printed_choices(client, site_pages):
    text = _text(client.get(site_pages["record_form"].url))
    for expected in (
        "特殊困难老年人探访关爱服务记录表", "一、探访对象基本情况", "二、家庭基本情况", "三、家庭生活条件",
        "四、已享受帮扶情况", "五、探访情况", "六、关爱服务情况",
        "家庭住址", "县（市、区）", "乡镇（街道）", "村（居）", "是否居住在户籍所在地", "紧急联系人",
        "公民身份号码", "是否为低保对象/特困人员", "家庭每月收入（元）",
        "□电话问候 □上门探访 □互联网音（视）频探访 □其他",
        "□无变化 □较好 □较差", "□安全 □较安全 □不安全", "□党政机关、群团组织", "□志愿者",
        "疾病名称：", "□转好", "燃气安全", "水暖安全", "用电安全", "消防安全", "室内环境",
        "老年人服务需求：", "实施关爱服务建议：", "探访人员（签字）", "被探访人（签字）", "信息录入人（签字）",
        "服务人员签字（盖章）：", "老年人服务满意度评价：",
        "备注：此表一式两份，可复印，县级民政部门、乡镇（街道）各存档一份。",
    ):
        assert expected in text, expected


def test_record_form_family_table_scrolls_inside_its_wrapper(client, site_pages):
    html = client.get(site_pages["record_form"].url).content.decode()
    assert 'class="table-scroll" role="region"' in html


def test_news_index_lists_newest_first_and_paginates(client, site_pages):
    news_index = site_pages["news"]
    for day in range(NEWS_PER_PAGE):
        NewsPageFactory(parent=news_index, date=datetime.date(2025, 2, 1) + datetime.timedelta(days=day))
    newest = NewsPageFactory(parent=news_index, title="关于开展冬季探访关爱的通知", kind=NewsKind.NOTICE,
                             date=datetime.date(2025, 12, 1))

    first = _text(client.get(news_index.url))
    second = _text(client.get(news_index.url + "?page=2"))

    assert first.index(newest.title) < first.index("探访关爱工作动态")
    assert "第 1 页，共 2 页" in first
    assert "关于做好特殊困难老年人摸底排查建档工作的通知" in second  # the oldest sample, dated 2024


def test_news_page_shows_kind_date_and_body(client, site_pages):
    item = NewsPageFactory(parent=site_pages["news"], kind=NewsKind.TRAINING, date=datetime.date(2025, 3, 5))
    text = _text(client.get(item.url))
    assert "培训资料" in text and "2025年3月5日" in text
    assert "村（社区）工作人员和志愿者定期上门探访" in text


def test_every_page_opens_in_the_admin_editor(client, site_pages, django_user_model):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.invalid", "x-Long-passw0rd")
    client.force_login(admin)
    for page in site_pages.values():
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, page


def test_unknown_address_gets_the_chinese_404_page(client, site_pages):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "抱歉，没有找到这个页面" in response.content.decode()


def test_500_page_renders_without_a_request():
    from django.template.loader import render_to_string

    assert "抱歉，网站暂时出了点问题" in render_to_string("500.html")
