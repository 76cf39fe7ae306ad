"""The import screens beyond the happy path: the mapping screen and its memory, progress, the template, access."""

import io

import pytest
from census_import.models import ColumnMapping, ImportBatch, Stage
from census_import.workbooks import TEMPLATE_HEADINGS
from django.urls import reverse
from openpyxl import load_workbook

from printing.background import BatchStatus
from tests.census_import.factories import CensusLists
from tests.census_import.uploads import upload
from tests.roles.factories import role_holder

pytestmark = pytest.mark.django_db


def unusual_list(village):
    person = CensusLists.__new__(CensusLists)._person("黄桂芳", __import__("datetime").date(1946, 7, 9), 248)
    return CensusLists._csv([["老人名字", "身份证号", "村", "户籍性质"], [person[0], person[1], village.name, "农业"]],
                            "utf-8")


class TestAnUnrecognisedColumn:
    @pytest.fixture
    def batch(self, client, officer, villages, django_capture_on_commit_callbacks):
        client.force_login(officer)
        upload(client, django_capture_on_commit_callbacks, "名单.csv", unusual_list(villages[0]), "other",
               category="1")
        return ImportBatch.objects.latest("pk")

    def test_the_mapping_screen_offers_the_unrecognised_columns(self, client, batch):
        assert batch.stage == Stage.MAPPING
        page = client.get(reverse("workbench:elder_import_batch", args=[batch.pk])).content.decode()
        assert ">老人名字<" in page and ">户籍性质<" in page

    def test_mapped_by_hand_then_remembered_for_the_source(self, client, officer, villages,
                                                           django_capture_on_commit_callbacks):
        ColumnMapping.objects.create(region=officer.staff_profile.region, source="other",
                                     headings={"老人名字": "name"})
        client.force_login(officer)
        upload(client, django_capture_on_commit_callbacks, "名单.csv", unusual_list(villages[0]), "other",
               category="1")
        batch = ImportBatch.objects.latest("pk")
        assert batch.stage == Stage.PREVIEW and batch.counts()["new"] == 1


class TestTheMappingScreen:
    @pytest.fixture
    def batch(self, client, officer, villages, django_capture_on_commit_callbacks):
        lines = [["姓名", "号码", "村"], ["黄桂芳", "450102194607092483", villages[0].name]]
        client.force_login(officer)
        upload(client, django_capture_on_commit_callbacks, "名单.csv", CensusLists._csv(lines, "utf-8"), "health",
               category="1")
        return ImportBatch.objects.latest("pk")

    def test_a_missing_required_column_opens_the_mapping_screen(self, client, batch):
        assert batch.stage == Stage.MAPPING
        page = client.get(reverse("workbench:elder_import_batch", args=[batch.pk])).content.decode()
        assert "请确认“名单.csv”各列的内容" in page

    def test_a_mapping_without_the_id_number_is_refused_beside_the_form(self, client, batch):
        file = batch.files.get()
        response = client.post(reverse("workbench:elder_import_mapping", args=[file.pk]),
                               {"column_0": "name", "column_1": "ignore", "column_2": "village"})
        assert response.status_code == 400
        assert "还缺少：公民身份号码" in response.content.decode()

    def test_the_mapping_reads_the_file_again_and_is_remembered(self, client, batch, officer,
                                                                 django_capture_on_commit_callbacks):
        file = batch.files.get()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("workbench:elder_import_mapping", args=[file.pk]),
                        {"column_0": "name", "column_1": "id_number", "column_2": "village"})
        batch.refresh_from_db()
        assert batch.stage == Stage.PREVIEW and batch.counts()["new"] == 1
        assert ColumnMapping.objects.get(region=officer.staff_profile.region, source="health").headings == {
            "号码": "id_number"}


def test_the_page_shows_progress_while_a_task_runs(client, officer, villages):
    batch = ImportBatch.objects.create(requested_by=officer, region=officer.staff_profile.region,
                                       status=BatchStatus.RUNNING, total=50000, done_count=12500)
    client.force_login(officer)
    page = client.get(reverse("workbench:elder_import_batch", args=[batch.pk])).content.decode()
    assert '<progress max="100" value="25"' in page and 'http-equiv="refresh"' in page


def test_the_template_is_an_xlsx_whose_id_number_column_is_text(client, officer, villages):
    client.force_login(officer)
    sheet = load_workbook(io.BytesIO(client.get(reverse("workbench:elder_import_template")).content)).active
    assert [cell.value for cell in sheet[1]] == TEMPLATE_HEADINGS
    assert sheet["B2"].number_format == "@" and isinstance(sheet["B2"].value, str)


@pytest.mark.parametrize("role", ["visitor"])
def test_who_may_not_register_may_not_import(client, villages, role):
    client.force_login(role_holder(role, villages[0]))
    assert client.get(reverse("workbench:elder_import")).status_code == 403


def test_the_officer_chooses_another_sheet_of_a_workbook(client, officer, lists, django_capture_on_commit_callbacks):
    client.force_login(officer)
    upload(client, django_capture_on_commit_callbacks, "残联名单.xlsx", lists.disabled_xlsx(), "disabled_persons")
    batch = ImportBatch.objects.latest("pk")
    workbook = batch.files.get()
    assert workbook.sheet == "残疾老人"  # the first sheet with a header
    page = client.get(reverse("workbench:elder_import_batch", args=[batch.pk])).content.decode()
    assert "换一个工作表或修改列对应" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbench:elder_import_mapping", args=[workbook.pk]), {"sheet": "说明"})
    workbook.refresh_from_db()
    assert workbook.sheet == "说明" and workbook.problem.startswith("前30行中找不到表头")


def test_a_task_that_breaks_fails_the_batch_with_a_message(officer, villages, monkeypatch):
    from census_import import tasks

    batch = ImportBatch.objects.create(requested_by=officer, region=officer.staff_profile.region)
    monkeypatch.setattr("census_import.tasks.read_batch", lambda pk: 1 / 0)
    tasks.read_census_batch.call(batch.pk)
    batch.refresh_from_db()
    assert (batch.status, batch.error) == (BatchStatus.FAILED, tasks.FAILED)


def test_every_batch_address_answers_404_to_another_officer(client, officer, outsider, villages,
                                                            django_capture_on_commit_callbacks):
    lines = [["姓名", "身份证号码", "村", "类别"], ["黄桂芳", "450102194607092483", villages[0].name, "空巢"]]
    client.force_login(officer)
    upload(client, django_capture_on_commit_callbacks, "名单.csv", CensusLists._csv(lines, "utf-8"), "health")
    batch = ImportBatch.objects.latest("pk")
    client.force_login(outsider)
    for name in ("elder_import_batch", "elder_import_rejected"):
        assert client.get(reverse(f"workbench:{name}", args=[batch.pk])).status_code == 404
    for name in ("elder_import_add", "elder_import_confirm"):
        assert client.post(reverse(f"workbench:{name}", args=[batch.pk])).status_code == 404
    assert client.post(reverse("workbench:elder_import_mapping", args=[batch.files.get().pk])).status_code == 404
    batch.refresh_from_db()
    assert batch.stage == Stage.PREVIEW
