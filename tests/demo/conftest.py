import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(settings):
    """The demo data `make run` loads (the command needs TANFANG_DEMO_SITE), then the flag off as in the tests."""
    settings.TANFANG_DEMO_SITE = True
    call_command("load_demo_data")
    settings.TANFANG_DEMO_SITE = False
