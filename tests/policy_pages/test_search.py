import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from policy_pages.views import search_pages
from roles.models import Department
from tests.policy_pages.factories import NewsPageFactory


def _result_titles(client, query):
    response = client.get("/search/", {"query": query})
    assert response.status_code == 200
    return [item["page"].title for item in response.context["result_items"]]


@pytest.mark.parametrize("query", ["月探访率", "探访", "消防", "第一探访联系人"])
def test_chinese_words_inside_the_policy_find_the_policy_page(client, site_pages, query):
    assert site_pages["policy"].title in _result_titles(client, query)


def test_a_word_in_no_page_finds_nothing_and_says_so(client, site_pages):
    response = client.get("/search/", {"query": "量子计算"})
    assert response.context["result_items"] == []
    assert "没有找到与“量子计算”相关的内容" in response.content.decode()


def test_words_must_all_match(site_pages):
    assert list(search_pages("月探访率 量子")) == []


def test_empty_query_asks_for_a_word(client, site_pages):
    response = client.get("/search/", {"query": "  "})
    assert response.context["result_items"] == []
    assert "请输入要查找的内容" in response.content.decode()


def test_single_character_query_matches_the_character(client, site_pages):
    titles = _result_titles(client, "率")
    assert site_pages["policy"].title in titles
    assert _result_titles(client, "鑫") == []


def test_results_show_title_link_and_marked_excerpt(client, site_pages):
    html = client.get("/search/", {"query": "月探访率"}).content.decode()
    assert f'<a href="{site_pages["policy"].url}">{site_pages["policy"].title}</a>' in html
    assert "确保特殊困难老年人<mark>月探访率</mark>达到100%" in html


def test_results_are_paginated(client, site_pages):
    for _ in range(12):
        NewsPageFactory(parent=site_pages["news"], summary="冬季取暖安全提示：注意一氧化碳中毒。")
    first = client.get("/search/", {"query": "一氧化碳"})
    second = client.get("/search/", {"query": "一氧化碳", "page": 2})
    assert len(first.context["result_items"]) == 10
    assert len(second.context["result_items"]) == 2
    assert "query=%E4%B8%80" in first.content.decode()  # the next-page link keeps the query


def test_publishing_a_page_updates_the_index(site_pages):
    item = NewsPageFactory(parent=site_pages["news"])
    assert not list(search_pages("重阳节"))
    item.summary = "重阳节前后，各村（社区）组织志愿者集中探访。"
    item.save_revision().publish()
    assert [page.pk for page in search_pages("重阳节")] == [item.pk]


def test_draft_and_unpublished_pages_are_not_found(site_pages):
    item = NewsPageFactory(parent=site_pages["news"], summary="适老化改造补贴申领指南。")
    item.summary = "草稿内容：助浴服务。"
    item.save_revision()  # a draft: not published
    assert not list(search_pages("助浴"))
    item.unpublish()
    assert not list(search_pages("适老化改造"))


def test_department_edits_reach_the_departments_page_index(site_pages):
    department = Department.objects.get(code="education")
    department.duties = "组织动员在校学生利用寒暑假参与敬老志愿服务。"
    department.save()
    assert [page.pk for page in search_pages("寒暑假")] == [site_pages["departments"].pk]


def test_update_index_rebuilds_segmented_entries(site_pages):
    call_command("update_index", verbosity=0)
    assert site_pages["policy"].pk in [page.pk for page in search_pages("月探访率")]
    record_form_text = strip_tags(site_pages["record_form"].plain_text())
    assert "互联网音（视）频探访" in record_form_text
    assert site_pages["record_form"].pk in [page.pk for page in search_pages("互联网音")]
