"""Spreadsheet formula injection (issue 9 item 6): no export hands Excel a formula typed as text.

Each export is tried with text starting with every formula character: the workbench's elder
export and its import template, and Wagtail's own exports (CSV and XLSX) that
``config.csv_cells.protect_wagtail_exports`` covers.
"""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import Page

from config.csv_cells import safe_cell
from tests.registry.factories import ElderFactory
from tests.roles.factories import DEFAULT_PASSWORD, UserFactory, VillageFactory, region_named, role_holder

pytestmark = pytest.mark.django_db

FORMULAS = ["=HYPERLINK(\"http://x.invalid\",\"点我\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


def csv_rows(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_safe_cell():
    assert [safe_cell(text) for text in FORMULAS] == ["'" + text for text in FORMULAS]
    assert [safe_cell(value) for value in ("黄桂芳", "450102****1234", "", 5, -5, None)] == [
        "黄桂芳", "450102****1234", "", 5, -5, None]


def test_the_workbench_elder_export(client):
    village = VillageFactory(parent=region_named("民生街道"))
    for name in FORMULAS:
        ElderFactory(village=village, name=name)
    client.force_login(role_holder("township_officer", "民生街道"))
    response = client.get(reverse("workbench:elder_export"))
    names = {row[0] for row in csv_rows(response)[1:]}
    assert names == {"'" + name for name in FORMULAS}


def test_the_import_template(client):
    import io

    from openpyxl import load_workbook

    village = VillageFactory(parent=region_named("民生街道"), name="=1+1村")
    client.force_login(role_holder("village_worker", village))
    sheet = load_workbook(io.BytesIO(client.get(reverse("workbench:elder_import_template")).content)).active
    assert sheet["C2"].value == "'=1+1村" and sheet["C2"].data_type == "s"


@pytest.fixture
def admin_client(client):
    root = Page.get_first_root_node()
    for title in FORMULAS:
        root.add_child(instance=Page(title=title, slug=f"p{FORMULAS.index(title)}", locked=True))
    user = UserFactory(is_superuser=True, is_staff=True)
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


def test_wagtail_csv_exports(admin_client):
    response = admin_client.get(reverse("wagtailadmin_reports:locked_pages"), {"export": "csv"})
    assert response.status_code == 200
    titles = {row[0] for row in csv_rows(response)[1:]}
    assert titles == {"'" + title for title in FORMULAS}


def test_wagtail_xlsx_exports(admin_client):
    response = admin_client.get(reverse("wagtailadmin_reports:locked_pages"), {"export": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    titles = {row[0].replace("\n", "\r") for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == {"'" + title for title in FORMULAS}  # (XML reads a stored CR back as LF)
