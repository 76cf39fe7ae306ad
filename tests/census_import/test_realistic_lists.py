"""Issue 12's 'done when': three realistic lists from 残联, 卫健 and a village grid, overlapping people.

The numbers of new, registered, duplicate, flagged and refused rows equal the generator's truth;
nobody is doubled; no number a spreadsheet damaged becomes a person; re-uploading creates nothing.
"""

import io

import pytest
from census_import.models import ElderSource, ImportBatch, Outcome, Stage, StagedRow
from census_import.values import DAMAGED_ID_NUMBER
from django.urls import reverse
from openpyxl import load_workbook

from registry.models import Elder, VillageRegister
from registry.register import counted
from tests.census_import.uploads import confirm, upload, upload_lists
from workflows.flows import CensusFlow
from workflows.models import Case

pytestmark = pytest.mark.django_db


@pytest.fixture
def preview(client, officer, lists, django_capture_on_commit_callbacks):
    client.force_login(officer)
    return upload_lists(client, django_capture_on_commit_callbacks, lists)


def review_answers(batch, registered):
    """The officer's answers: the namesake 蒙秀兰 is someone else; every other near match is the same person
    (the registered 卢新明 one digit off, the two 陆文光 of the upload)."""
    answers = {}
    for row in StagedRow.objects.filter(file__batch=batch, outcome=Outcome.REVIEW):
        if registered["namesake"].pk in row.candidates:
            answers[f"review-{row.pk}"] = "new"
        else:
            answers[f"review-{row.pk}"] = f"merge:{row.candidates[0]}" if row.candidates else "merge:row"
    return answers


@pytest.fixture
def imported(client, preview, registered, django_capture_on_commit_callbacks):
    before = set(Elder.objects.values_list("pk", flat=True))
    response = confirm(client, django_capture_on_commit_callbacks, preview, review_answers(preview, registered))
    assert response.status_code == 302
    preview.refresh_from_db()
    return Elder.objects.exclude(pk__in=before)


class TestThePreview:
    def test_counts_equal_the_generators_truth(self, preview, lists):
        assert preview.stage == Stage.PREVIEW
        assert preview.counts() == {outcome: lists.truth[outcome] for outcome in preview.counts()}

    def test_nothing_is_written_before_confirmation(self, preview, lists):
        assert not Elder.objects.filter(name__in=lists.new_people).exists()
        assert not ElderSource.objects.exists()

    def test_header_found_below_the_title_and_footer_rows_ignored_not_errors(self, preview):
        workbook = preview.files.get(name="残联名单.xlsx")
        assert (workbook.sheet, workbook.header_row) == ("残疾老人", 4)
        assert [reason for _number, reason in workbook.ignored] == ["签名或合计行，已忽略"] * 2
        assert [n for n, _reason in workbook.ignored] == [11, 12]
        assert preview.files.get(name="卫健名单.csv").header_row == 2

    def test_row_report_names_file_row_column_and_reason(self, client, preview):
        page = client.get(reverse("workbench:elder_import_batch", args=[preview.pk])).content.decode()
        assert '<td data-label="文件">残联名单.xlsx</td><td data-label="工作表">残疾老人</td>' \
               '<td data-label="行号">第 7 行</td><td data-label="结果">需更正</td>' \
               f'<td data-label="列">身份证号码</td><td data-label="原因">{DAMAGED_ID_NUMBER}</td>' in page
        assert "未满60周岁（现年51岁）" in page
        assert "性别与公民身份号码不一致" in page

    def test_damaged_numbers_are_flagged_even_when_the_check_character_passes(self, preview):
        flagged = [row for row in StagedRow.objects.filter(file__batch=preview)
                   if [row.file.column_of("id_number"), DAMAGED_ID_NUMBER] in row.reasons]
        assert sorted(row.row_number for row in flagged) == [7, 8, 8]  # two in the workbook, one in a CSV
        assert {row.outcome for row in flagged} == {Outcome.CORRECTION}

    def test_staged_personal_data_is_encrypted(self, preview, lists):
        payloads = "".join(StagedRow.objects.filter(file__batch=preview).values_list("payload", flat=True))
        assert lists.p1[0] not in payloads and lists.p1[1] not in payloads

    def test_the_outsider_gets_404(self, client, preview, outsider):
        client.force_login(outsider)
        assert client.get(reverse("workbench:elder_import_batch", args=[preview.pk])).status_code == 404


class TestConfirmed:
    def test_new_people_registered_once_each_pending_with_their_census_open(self, imported, lists):
        assert sorted(imported.values_list("name", flat=True)) == sorted([*lists.new_people, "蒙秀兰"])
        assert {elder.status for elder in imported} == {"pending"}
        assert Case.objects.filter(elder__in=imported, flow_class=CensusFlow).count() == imported.count()

    def test_people_on_two_lists_have_both_sources_and_categories(self, imported, lists):
        both = Elder.objects.with_id_number(lists.p2[1]).get()
        assert sorted(both.categories.values_list("name", flat=True)) == ["失能", "空巢"]
        labels = sorted(ElderSource.objects.filter(elder=both).values_list("label", flat=True))
        assert sorted(str(source) for source in both.census_sources.all()) == [f"来源：{label}" for label in labels]
        assert set(both.census_sources.values_list("source", flat=True)) == {"disabled_persons", "health"}

    def test_the_registered_elder_gains_the_list_as_source_and_its_category(self, imported, registered):
        elder = registered["on_list"]
        assert list(elder.census_sources.values_list("source", flat=True)) == ["health"]
        assert "独居" in elder.categories.values_list("name", flat=True)

    def test_the_reviewed_merge_joins_the_registered_record(self, imported, registered):
        assert list(registered["digit_away"].census_sources.values_list("source", flat=True)) == ["grid"]
        assert not imported.filter(name="卢新明").exists()

    def test_a_row_without_id_number_is_a_pending_entry_with_its_reason(self, imported):
        elder = imported.get(name="农阿婆")
        assert elder.id_number == "" and elder.status == "pending"
        assert elder.census_sources.get().note == "无公民身份号码：户口未迁入，证件遗失"

    def test_no_damaged_number_became_a_person(self, imported, lists):
        assert not imported.filter(name__in=["梁志强", "罗金凤", "廖春花", "韦建国", "黄晓东", "甘丽华"]).exists()
        assert not Elder.objects.with_id_number(lists.damaged_true).exists()

    def test_the_village_counts_stay_true(self, imported, villages):
        for village in villages:
            stored = VillageRegister.objects.get(village=village)
            assert counted(Elder.objects.filter(village=village))[village.pk]["pending"] == stored.pending

    def test_only_refused_rows_keep_data_and_uploads_are_deleted(self, imported, preview):
        assert not StagedRow.objects.filter(file__batch=preview, outcome=Outcome.NEW).exclude(payload="").exists()
        assert not preview.files.exclude(upload="").exists()

    def test_the_rejected_rows_download_with_their_reason(self, client, imported, preview):
        response = client.get(reverse("workbench:elder_import_rejected", args=[preview.pk]))
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
        reasons = [row[3] for row in rows if row[0] != "文件"]
        assert len(reasons) == preview.counts()[Outcome.CORRECTION] + preview.counts()[Outcome.REFUSED]
        assert any(DAMAGED_ID_NUMBER in reason for reason in reasons)


class TestUploadingAgain:
    def test_the_same_file_is_refused(self, client, imported, lists, django_capture_on_commit_callbacks):
        response = upload(client, django_capture_on_commit_callbacks, "网格名单.csv", lists.grid_csv(), "grid")
        assert response.status_code == 400
        assert "不会重复登记" in response.content.decode()

    def test_the_same_people_in_a_new_file_create_nobody(self, client, imported, lists, registered,
                                                         django_capture_on_commit_callbacks):
        again = lists.grid_csv().decode("utf-8-sig").encode("gb18030")
        upload(client, django_capture_on_commit_callbacks, "网格名单-重发.csv", again, "grid")
        batch = ImportBatch.objects.latest("pk")
        assert batch.counts()[Outcome.NEW] == 0
        count = Elder.objects.count()
        confirm(client, django_capture_on_commit_callbacks, batch, review_answers(batch, registered))
        assert Elder.objects.count() == count


class TestCoverage:
    def test_each_village_counts_the_people_each_source_named(self, imported, villages, officer):
        from census_import.coverage import coverage
        from census_import.staging import scope_villages

        rows = {row.village.pk: row for row in coverage(scope_villages(officer))}
        v1, v2 = (rows[village.pk] for village in villages)
        # 长岗村: 韦美玲 and 黄德才 (残联), 黄德才 and 覃玉梅 and 蒙秀兰 (卫健), 韦美玲 and 卢新明 (网格)
        assert (v1.by_source, v2.by_source) == (
            {"disabled_persons": 2, "health": 3, "grid": 2}, {"health": 3, "grid": 3})

    def test_villages_without_any_list_come_first_on_the_page(self, client, imported, villages):
        from tests.roles.factories import VillageFactory

        unlisted = VillageFactory(parent=villages[0].parent, name="无名单村")
        page = client.get(reverse("workbench:elder_import")).content.decode()
        assert page.count('id="coverage-heading"') == 1  # once, in the page's body (not in its <title>)
        assert "<section" not in page[page.index("<title>"):page.index("</title>")]
        assert page.index(f"{unlisted.name}（无名单）") < page.index(villages[0].name)


def test_the_elders_page_lists_the_sources_and_a_missing_number_is_pending(client, imported, lists):
    both = Elder.objects.with_id_number(lists.p2[1]).get()
    page = client.get(reverse("workbench:elder_detail", args=[both.pk])).content.decode()
    labels = sorted(both.census_sources.values_list("label", flat=True))
    assert "；".join(labels) in page or "；".join(reversed(labels)) in page
    without = imported.get(name="农阿婆")
    page = client.get(reverse("workbench:elder_detail", args=[without.pk])).content.decode()
    assert "（无公民身份号码：户口未迁入，证件遗失）" in page and "待核实" in page


def test_the_report_says_what_was_decided_for_each_reviewed_row(imported, preview):
    reviewed = StagedRow.objects.filter(file__batch=preview, outcome=Outcome.REVIEW).order_by("file", "row_number")
    assert [row.reasons for row in reviewed] == [
        [["", "已确认：不是同一人，新登记"]], [["", "已确认：是同一人，合并"]], [["", "已确认：是同一人，合并"]]]


def test_a_near_duplicate_within_the_upload_merged_by_the_officer_is_one_person(imported, lists):
    [elder] = Elder.objects.filter(name=lists.p7[0])
    assert elder.id_number == lists.p7[1]  # the first list's number; the other waits for the door
    assert sorted(elder.census_sources.values_list("source", flat=True)) == ["grid", "health"]


def test_an_imported_person_goes_through_the_census_as_one_registered_by_hand(client, imported, villages, officer):
    """入户核实 needs the file completed at the door (the list had only a few facts), then 审核 and 分配 as today."""
    from django.core.exceptions import ValidationError

    from registry.dates import china_today
    from tests.registry.factories import elder_form_data
    from tests.roles.factories import role_holder
    from tests.workflows.census_fixtures import open_task
    from workflows import census

    elder = imported.get(name="韦美玲")
    worker = role_holder("village_worker", villages[0])
    consent = {"consents_to_visits": True, "consent_date": china_today(), "consent_given_by": "elder",
               "lacks_capacity": False, "guardian_name": "", "guardian_relation": "", "guardian_phone": ""}
    with pytest.raises(ValidationError):
        census.verify(worker, open_task(elder), consent)
    client.force_login(worker)
    response = client.post(reverse("workbench:elder_edit", args=[elder.pk]), elder_form_data(
        villages[0], household_prefix="household", name=elder.name, id_number=elder.id_number,
        categories=list(elder.categories.values_list("pk", flat=True)), registered_on=elder.registered_on))
    assert response.status_code == 302, response.context["form"].errors
    census.verify(worker, open_task(elder), consent)
    census.decide(officer, open_task(elder), "approve")
    elder.refresh_from_db()
    assert elder.status == "active" and open_task(elder).flow_task.name == "assign"


def test_nothing_is_imported_while_a_near_duplicate_is_unanswered(client, preview, lists,
                                                                  django_capture_on_commit_callbacks):
    response = confirm(client, django_capture_on_commit_callbacks, preview, {})
    preview.refresh_from_db()
    assert preview.stage == Stage.PREVIEW and not Elder.objects.filter(name__in=lists.new_people).exists()
    page = client.get(response.url).content.decode()
    assert "请先确认疑似同一人的行：卫健名单.csv 第9行" in page
