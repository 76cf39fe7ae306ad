"""报表 on the workbench: ask, progress, download (audited); 404 for a region or a job out of scope."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from roles.models import Region
from supervision.models import ReportJob
from tests.roles.factories import role_holder
from tests.workflows.visit_factories import assigned_elder, village_in

pytestmark = pytest.mark.django_db
URL = reverse("supervision:reports")


@pytest.fixture
def people(settings, tmp_path):
    settings.TANFANG_PRIVATE_ROOT = tmp_path / "private"
    assigned_elder(village_in("民生街道"))
    return {
        "county": role_holder("county_civil_affairs", "兴宁区"),
        "township": role_holder("township_officer", "民生街道"),
        "other_township": role_holder("township_officer", "三塘镇"),
        "visitor": role_holder("visitor", "民生街道"),
    }


def _region(name):
    return Region.objects.get(name=name, level__in=["county", "township"])


def _ask(client, region, django_capture_on_commit_callbacks, **data):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(f"{URL}?region={region.pk}", {"region": region.pk, "span": "month", "month": "",
                                                        "year": "", "format": "xlsx", **data})


def test_the_county_asks_for_a_workbook_and_downloads_it(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["county"])
    county = _region("兴宁区")
    assert "兴宁区探访关爱工作报表" in client.get(URL).text
    response = _ask(client, county, django_capture_on_commit_callbacks, month="2026-01")
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert (job.status, job.done_count, job.total, job.region) == ("done", job.total, 13, county)
    assert AuditEvent.objects.filter(action="export", detail__report="work_report", object_id=str(county.pk)).exists()
    status = client.get(reverse("supervision:report_status", args=[job.pk])).json()
    assert status["percent"] == 100 and status["download_label"] == "下载Excel报表"
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))
    assert "转介办理" in book.sheetnames and book["月探访率"]["A3"].value == "兴宁区"
    assert AuditEvent.objects.filter(action="export", detail__event="report_download", object_id=str(job.pk)).exists()


def test_an_annual_pdf(client, people, django_capture_on_commit_callbacks, pdf_text):
    client.force_login(people["township"])
    township = _region("民生街道")
    _ask(client, township, django_capture_on_commit_callbacks, span="year", year="2025", format="pdf")
    job = ReportJob.objects.get()
    assert job.status == "done" and job.annual and job.total == 13
    download = client.get(reverse("supervision:report_download", args=[job.pk]))
    text = pdf_text(b"".join(download.streaming_content)).replace(" ", "")
    assert "民生街道2025年特殊困难老年人探访关爱工作情况报告" in text


@pytest.mark.parametrize("data, message", [
    ({"month": "2026-13"}, "月份格式不正确"),
    ({"month": "2099-01"}, "不能选择以后的月份"),
    ({"span": "year", "year": "1999"}, "年度应在2023年"),
    ({"span": "year", "year": "abc"}, "请填写四位数的年度"),
])
def test_bad_input_is_answered_beside_the_field(client, people, django_capture_on_commit_callbacks, data, message):
    client.force_login(people["township"])
    response = _ask(client, _region("民生街道"), django_capture_on_commit_callbacks, **data)
    assert response.status_code == 400 and message in response.text
    assert not ReportJob.objects.exists()


def test_another_township_is_not_found(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["other_township"])
    township = _region("民生街道")
    assert client.get(f"{URL}?region={township.pk}").status_code == 404
    assert _ask(client, township, django_capture_on_commit_callbacks, month="2026-01").status_code == 404
    assert not ReportJob.objects.exists()
    assert AuditEvent.objects.filter(action="denied", detail__attempted="work_report").exists()


def test_someone_elses_job_is_not_found(client, people, django_capture_on_commit_callbacks):
    client.force_login(people["county"])
    _ask(client, _region("民生街道"), django_capture_on_commit_callbacks, month="2026-01")
    job = ReportJob.objects.get()
    for who in ("township", "other_township"):
        client.force_login(people[who])
        assert client.get(reverse("supervision:report_download", args=[job.pk])).status_code == 404
        assert client.get(reverse("supervision:report_status", args=[job.pk])).status_code == 404


def test_a_visitor_reads_no_reports(client, people):
    client.force_login(people["visitor"])
    assert client.get(URL).status_code == 404


def test_the_dashboard_links_here_with_its_region_and_month(client, people):
    client.force_login(people["county"])
    township = _region("民生街道")
    dashboard = client.get(reverse("supervision:dashboard"), {"region": township.pk, "month": "2026-01"}).text
    link = f'href="{URL}?region={township.pk}&amp;month=2026-01">导出报表</a>'
    assert link in dashboard
    page = client.get(URL, {"region": township.pk, "month": "2026-01"}).text
    assert "民生街道探访关爱工作报表" in page and 'value="2026-01"' in page
    assert 'value="2026-01"' not in client.get(URL, {"region": township.pk, "month": "2026-13"}).text
