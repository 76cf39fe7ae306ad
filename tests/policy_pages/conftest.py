import pytest

from policy_pages.models import DepartmentsPage, HomePage, NewsIndexPage, PolicyPage, RecordFormPage
from policy_pages.setup import load_site_pages


@pytest.fixture
def site_pages(db):
    """The public site as ``manage.py load_site_pages`` builds it, pages by name."""
    load_site_pages()
    return {
        "home": HomePage.objects.get(),
        "policy": PolicyPage.objects.get(),
        "departments": DepartmentsPage.objects.get(),
        "record_form": RecordFormPage.objects.get(),
        "news": NewsIndexPage.objects.get(),
    }
