"""The back office speaks Chinese to its users: no English left by Wagtail's or Django's catalogs, no
internal codes in lists, 是/否 rather than True/False (issue 9, item 21)."""

import re
from html.parser import HTMLParser

import pytest

from demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# Words of the English that was left; any of them on a page means an untranslated string.
ENGLISH = {"Password", "Search", "all", "pages", "Pages", "Page", "types", "usage", "terms", "By", "Any", "date",
           "Today", "Past", "days", "This", "month", "year", "True", "False", "Sort", "ascending", "descending",
           "Saved", "New", "Anyone", "can", "edit", "created", "Edit", "account", "avatar", "Go", "first", "error",
           "Actions", "footer", "Theme", "preferences", "contrast", "Contrast", "Density", "Snug", "Enable",
           "required", "currently", "disabled", "Here", "the", "instructions", "English", "Locking", "Autosave",
           "Why", "add", "one", "Exploring", "Editors", "Moderators", "approval", "Root", "root", "Show"}
# Internal codes of the visit form that the 跟进规则 and 转介路由 lists used to show.
CODES = {"fire_safety", "gas_safety", "electricity_safety", "unsafe", "worse", "serious"}

PAGES = {
    "province": ["/admin/", "/admin/account/", "/admin/registry/elder/", "/admin/roles/region/",
                 "/admin/roles/department/", "/admin/snippets/visit_forms/followuprule/",
                 "/admin/snippets/visit_forms/formdefinition/", "/admin/snippets/workflows/referralroute/",
                 "/admin/snippets/workflows/serviceprovider/"],
    "county": ["/admin/", "/admin/registry/elder/", "/admin/roles/region/"],
    "editor": ["/admin/", "/admin/reports/page-types-usage/"],
    "admin": ["/admin/", "/admin/searchpicks/reports/search-terms/", "/admin/pages/", "/admin/groups/",
              "/admin/roles/role/", "/admin/workflows/list/", "/admin/workflows/tasks/index/"],
    "auditor": ["/admin/audit/auditevent/"],
}


class VisibleText(HTMLParser):
    """What a reader sees of a page: text outside scripts and templates, tooltips and placeholders."""

    HIDDEN = {"script", "style", "svg", "template"}

    def __init__(self):
        super().__init__()
        self.hidden = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN
        self.texts += [value for name, value in attrs if name in ("title", "placeholder") and value]

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN and self.hidden > 0

    def handle_data(self, data):
        if not self.hidden:
            self.texts.append(data)


def words(html):
    parser = VisibleText()
    parser.feed(html)
    return set(re.findall(r"[A-Za-z_]+", " ".join(parser.texts)))


def test_the_sign_in_page(client, demo_data):
    html = client.get("/admin/login/").content.decode()
    assert not words(html) & ENGLISH
    assert "密码" in html


@pytest.mark.parametrize("username", PAGES)
def test_admin_pages_have_no_english_and_no_codes(client, demo_data, username):
    response = client.post("/admin/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    found = {}
    for url in PAGES[username]:
        response = client.get(url)
        assert response.status_code == 200, url
        left = words(response.content.decode()) & (ENGLISH | CODES)
        if left:
            found[url] = sorted(left)
    assert not found


def test_follow_up_rules_are_listed_by_label(client, demo_data):
    client.post("/admin/login/", {"username": "province", "password": DEMO_PASSWORD})
    html = client.get("/admin/snippets/visit_forms/followuprule/").content.decode()
    assert "消防安全" in html and "不安全" in html
    assert re.search(r'class="w-sr-only">\s*是\s*</span>', html)  # the 启用 column, read out as 是, not True


ADMIN_FORMS = ["/admin/snippets/visit_forms/followuprule/add/", "/admin/snippets/workflows/referralroute/add/",
               "/admin/snippets/workflows/serviceprovider/add/", "/admin/snippets/workflows/visitfrequencyrule/add/",
               "/admin/snippets/workflows/visitsurge/add/", "/admin/roles/region/create/"]


def test_admin_forms_prompt_instead_of_dashes(client, demo_data):
    client.post("/admin/login/", {"username": "province", "password": DEMO_PASSWORD})
    for url in ADMIN_FORMS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "---------" not in response.content.decode(), url
