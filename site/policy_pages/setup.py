"""Create the public site's pages: the home page as the default Site's root, and its sections.

Idempotent: pages are looked up by type under the home page and created only when missing, so
running again creates nothing twice and leaves editors' changes alone. Sample news items are
seeded only together with a new news index, so items an editor deletes stay deleted.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from policy_pages import site_content
from policy_pages.models import DepartmentsPage, HomePage, NewsIndexPage, NewsPage, PolicyPage, RecordFormPage
from policy_pages.policy_text import load_policy

HOME_SLUG = "tanfang"
POLICY_SLUG = "policy"


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    return page


def _child_of_type(home, model):
    return model.objects.child_of(home).first()


def _remove_welcome_pages(root):
    """Delete Wagtail's "Welcome to your new Wagtail site!" page: a bare, childless Page."""
    bare_page = ContentType.objects.get_for_model(Page)
    for page in root.get_children().filter(content_type=bare_page, numchild=0):
        if not Site.objects.filter(root_page=page).exists():
            page.delete()


def _make_default_site_root(home):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_content.SITE_NAME
        )
        return
    site.root_page = home
    site.site_name = site_content.SITE_NAME
    site.save()


def _create_home():
    root = Page.get_first_root_node()
    home = _publish(root, HomePage(title=site_content.SITE_NAME, slug=HOME_SLUG, intro=site_content.HOME_INTRO))
    _make_default_site_root(home)
    _remove_welcome_pages(root)
    return home


def _policy_page(home):
    """The policy page, its annex blocks pointing at the departments (附件1) and form (附件2) pages."""
    document = load_policy()
    annex_pages = {"1": _child_of_type(home, DepartmentsPage), "2": _child_of_type(home, RecordFormPage)}
    for block in document.body:
        if block["type"] == "annex" and annex_pages.get(block["value"]["number"]):
            block["value"]["page"] = annex_pages[block["value"]["number"]].pk
    return PolicyPage(
        title=document.title, slug=POLICY_SLUG, search_description=site_content.POLICY_DESCRIPTION,
        document_number=document.document_number, issuing_bodies=document.issuing_bodies,
        notice_title=document.notice_title, recipients=document.recipients, notice_text=document.notice_text,
        publication_note=document.publication_note, body=document.body,
    )


def _create_news_index(home):
    news_index = _publish(home, NewsIndexPage(**site_content.NEWS_INDEX))
    created = [news_index]
    for item in site_content.SAMPLE_NEWS:
        created.append(_publish(news_index, NewsPage(**item)))
    return created


def load_site_pages():
    """Create whatever public pages are missing; returns the pages created, in creation order."""
    created = []
    home = HomePage.objects.first()
    if home is None:
        home = _create_home()
        created.append(home)
    if not _child_of_type(home, DepartmentsPage):
        created.append(_publish(home, DepartmentsPage(**site_content.DEPARTMENTS)))
    if not _child_of_type(home, RecordFormPage):
        created.append(_publish(home, RecordFormPage(**site_content.RECORD_FORM)))
    if not _child_of_type(home, PolicyPage):
        policy = _publish(home, _policy_page(home))
        # Built after its annex pages so it can link to them, but it comes first in the menu order.
        policy.move(home, pos="first-child")
        created.append(policy)
    if not _child_of_type(home, NewsIndexPage):
        created.extend(_create_news_index(home))
    return created
