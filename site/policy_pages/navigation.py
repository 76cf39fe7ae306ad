"""The main menu: the home page and its sections, found by page type under the current site."""

from dataclasses import dataclass

from wagtail.models import Site

MENU = [
    ("首页", "HomePage"),
    ("政策文件", "PolicyPage"),
    ("部门职责", "DepartmentsPage"),
    ("记录表", "RecordFormPage"),
    ("新闻通知", "NewsIndexPage"),
]


@dataclass
class MenuLink:
    label: str
    url: str
    current: bool


def _is_current(request, url, is_home):
    return request.path == url if is_home else request.path.startswith(url)


def menu_links(request):
    """Links for each menu entry whose page exists and is live; one query for the sections."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    home = site.root_page.specific
    pages = {type(home).__name__: home}
    for child in home.get_children().live().public().specific():
        pages.setdefault(type(child).__name__, child)
    links = []
    for label, class_name in MENU:
        page = pages.get(class_name)
        if page is not None:
            url = page.get_url(request)
            links.append(MenuLink(label, url, _is_current(request, url, page is home)))
    return links
