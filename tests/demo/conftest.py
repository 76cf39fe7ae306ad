import pytest
from django.core.management import call_command


@pytest.fixture
def demo_data(settings):
    """The demo data `make run` loads (the command needs DEBUG), then DEBUG off as in the tests."""
    settings.DEBUG = True
    call_command("load_demo_data")
    settings.DEBUG = False
