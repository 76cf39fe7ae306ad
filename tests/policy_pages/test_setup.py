import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from policy_pages.models import DepartmentsPage, HomePage, NewsIndexPage, NewsPage, PolicyPage, RecordFormPage
from policy_pages.setup import load_site_pages

pytestmark = pytest.mark.django_db

PAGE_MODELS = [HomePage, PolicyPage, DepartmentsPage, RecordFormPage, NewsIndexPage, NewsPage]


def _counts():
    return {model.__name__: model.objects.count() for model in PAGE_MODELS} | {"all": Page.objects.count()}


def test_home_page_replaces_the_welcome_page_as_default_site_root():
    load_site_pages()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "探访关爱"
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()


def test_creates_each_section_under_home_with_three_sample_items():
    load_site_pages()
    assert _counts() == {
        "HomePage": 1, "PolicyPage": 1, "DepartmentsPage": 1, "RecordFormPage": 1, "NewsIndexPage": 1,
        "NewsPage": 3, "all": 9,
    }
    home = HomePage.objects.get()
    assert [type(page.specific) for page in home.get_children()] == [
        PolicyPage, DepartmentsPage, RecordFormPage, NewsIndexPage,
    ]
    assert {page.kind for page in NewsPage.objects.all()} == {"news", "notice", "training"}
    assert all(page.live for page in Page.objects.filter(depth__gt=1))


def test_policy_annexes_link_to_departments_and_record_form_pages():
    load_site_pages()
    annexes = [block.value for block in PolicyPage.objects.get().body if block.block_type == "annex"]
    assert [annex["page"].specific_class for annex in annexes] == [DepartmentsPage, RecordFormPage]


def test_running_twice_creates_nothing_and_keeps_editors_changes():
    load_site_pages()
    policy = PolicyPage.objects.get()
    policy.title = "实施方案（编辑修改后）"
    policy.save_revision().publish()
    news = NewsPage.objects.get(slug="notice-census")
    news.delete()
    before = _counts()

    assert load_site_pages() == []

    assert _counts() == before
    assert PolicyPage.objects.get().title == "实施方案（编辑修改后）"
    assert not NewsPage.objects.filter(slug="notice-census").exists()


def test_missing_section_is_recreated_without_touching_the_others():
    load_site_pages()
    RecordFormPage.objects.get().delete()
    created = load_site_pages()
    assert [type(page) for page in created] == [RecordFormPage]


def test_management_command_reports_what_it_created(capsys):
    call_command("load_site_pages")
    first = capsys.readouterr().out
    call_command("load_site_pages")
    second = capsys.readouterr().out
    assert "本次新建 8 个页面" in first
    assert "本次新建 0 个页面" in second
