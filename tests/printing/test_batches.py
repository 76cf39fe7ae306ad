"""The workbench's monthly print batches: ask for one, follow it, download it; who may, and bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from forms.services import start_visit
from printing.models import PrintBatch
from registry.dates import china_today
from tests.printing.conftest import submitted_record
from tests.registry.factories import ElderFactory
from tests.roles.factories import VillageFactory, region_named

pytestmark = pytest.mark.django_db

BATCHES = reverse("printing:batch_list")


def this_month():
    today = china_today()
    return f"{today.year}-{today.month:02d}"


def last_day_of_last_month():
    return china_today().replace(day=1) - timedelta(days=1)


@pytest.fixture
def records(elder, people, household_id_number):
    """Two submitted records of 民生街道 this month; a draft, last month's and 三塘镇's don't count."""
    neighbour = ElderFactory(village=elder.village, registered_on=elder.registered_on)
    township = people["township"]
    kept = [submitted_record(elder, people["visitor"], household_id_number),
            submitted_record(neighbour, township)]
    start_visit(elder, people["visitor"])
    submitted_record(neighbour, township, visit_date=last_day_of_last_month().isoformat())
    santang = ElderFactory(village=VillageFactory(parent=region_named("三塘镇")), registered_on=elder.registered_on)
    submitted_record(santang, people["county"])
    return kept


def ask(client, user, township="民生街道", month=None, execute=True, capture=None):
    client.force_login(user)
    named = isinstance(township, str) and township != "not-a-number"
    data = {"township": region_named(township).pk if named else township,
            "month": this_month() if month is None else month}
    with capture(execute=execute):
        return client.post(BATCHES, data)


class TestAsking:
    def test_the_page_offers_the_officers_township(self, client, people):
        client.force_login(people["township"])
        response = client.get(BATCHES)
        assert response.status_code == 200
        html = response.content.decode()
        assert "批量打印探访记录" in html and 'type="month"' in html
        assert response.context["form"].initial["township"] == region_named("民生街道").pk
        assert [township.name for township in response.context["form"].fields["township"].queryset] == ["民生街道"]
        assert 'src="/static/js/print-batches.js"' in html and "<script>" not in html
        assert 'aria-current="page">批量打印</a>' in html

    def test_a_county_officer_chooses_among_the_county_townships(self, client, people):
        client.force_login(people["county"])
        names = {t.name for t in client.get(BATCHES).context["form"].fields["township"].queryset}
        assert {"民生街道", "三塘镇"} <= names and "新竹街道" not in names

    @pytest.mark.parametrize("who", ["visitor", "village", "fire"])
    def test_people_without_print_and_export_rights_get_403(self, client, people, who):
        client.force_login(people[who])
        assert client.get(BATCHES).status_code == 403
        assert "批量打印" not in client.get(reverse("workbench:home")).content.decode()
        assert AuditEvent.objects.filter(action="denied", username=people[who].username).exists()

    def test_a_batch_renders_on_commit_and_is_listed_done(self, client, people, records, private_root,
                                                          django_capture_on_commit_callbacks, pdf_text):
        response = ask(client, people["township"], capture=django_capture_on_commit_callbacks)
        assert response.status_code == 302 and response.url == BATCHES
        batch = PrintBatch.objects.get()
        assert (batch.status, batch.total, batch.done_count, batch.page_count) == ("done", 2, 2, 2)
        assert batch.requested_by == people["township"] and batch.month == china_today().replace(day=1)
        assert batch.file.path.startswith(str(private_root))
        page = client.get(BATCHES).content.decode()
        assert "已完成" in page and reverse("printing:batch_download", args=[batch.pk]) in page
        event = AuditEvent.objects.get(action="print", detail__event="batch_requested")
        assert event.detail["records"] == 2 and event.object_id == str(batch.pk)

    def test_the_task_waits_for_the_commit(self, client, people, records, private_root,
                                           django_capture_on_commit_callbacks):
        ask(client, people["township"], execute=False, capture=django_capture_on_commit_callbacks)
        assert PrintBatch.objects.get().status == "queued"

    def test_a_second_request_for_a_pending_batch_makes_none(self, client, people, records, private_root,
                                                            django_capture_on_commit_callbacks):
        ask(client, people["township"], execute=False, capture=django_capture_on_commit_callbacks)
        response = ask(client, people["township"], execute=False, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 302 and PrintBatch.objects.count() == 1

    def test_a_county_officer_prints_a_township_under_the_county(self, client, people, records, private_root,
                                                                  django_capture_on_commit_callbacks):
        ask(client, people["county"], township="三塘镇", capture=django_capture_on_commit_callbacks)
        assert (PrintBatch.objects.get().status, PrintBatch.objects.get().total) == ("done", 1)


class TestBadInput:
    @pytest.mark.parametrize("month, message", [
        ("2024-13", "请填写正确的月份，格式如 2024-05。"),
        ("五月", "请填写正确的月份，格式如 2024-05。"),
        ("1999-12", "请填写正确的月份，格式如 2024-05。"),
        ("", "请选择月份。"),
        ("2999-01", "不能选择以后的月份。"),
    ])
    def test_a_bad_month_is_refused_beside_the_field(self, client, people, records, month, message,
                                                     django_capture_on_commit_callbacks):
        response = ask(client, people["township"], month=month, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 400
        assert response.context["form"].errors["month"] == [message]
        assert 'id="id_month_error"' in response.content.decode()
        assert not PrintBatch.objects.exists()

    @pytest.mark.parametrize("township", ["三塘镇", "新竹街道", "兴宁区", "not-a-number", 99999999])
    def test_a_township_outside_scope_is_refused_beside_the_field(self, client, people, records, township,
                                                                  django_capture_on_commit_callbacks):
        if township == "兴宁区":
            township = region_named("兴宁区").pk  # a county, not a township
        response = ask(client, people["township"], township=township, capture=django_capture_on_commit_callbacks)
        assert response.status_code == 400
        assert response.context["form"].errors["township"] == ["所选乡镇(街道)不在你可以批量打印的范围内，请重新选择。"]
        assert not PrintBatch.objects.exists()

    def test_a_month_without_records_says_so_and_makes_no_pdf(self, client, people, records,
                                                              django_capture_on_commit_callbacks):
        day = china_today().replace(day=1) - timedelta(days=40)
        response = ask(client, people["township"], month=f"{day.year}-{day.month:02d}",
                       capture=django_capture_on_commit_callbacks)
        assert response.status_code == 400
        assert response.context["form"].errors["month"] == [
            f"民生街道{day.year}年{day.month}月没有已提交的探访记录。请换一个月份。"]
        assert not PrintBatch.objects.exists()


class TestFollowingAndDownloading:
    @pytest.fixture
    def batch(self, client, people, records, private_root, django_capture_on_commit_callbacks):
        ask(client, people["township"], capture=django_capture_on_commit_callbacks)
        client.logout()
        return PrintBatch.objects.get()

    def test_the_status_is_json_for_the_progress_bar(self, client, people, batch):
        client.force_login(people["township"])
        status = client.get(reverse("printing:batch_status", args=[batch.pk])).json()
        assert status == {"id": batch.pk, "status": "done", "status_label": "已完成", "total": 2, "done_count": 2,
                          "percent": 100, "pending": False, "error": "", "download_label": "下载PDF",
                          "download_url": reverse("printing:batch_download", args=[batch.pk])}

    def test_the_requester_downloads_the_pdf_audited(self, client, people, batch, pdf_text, household_id_number):
        client.force_login(people["township"])
        response = client.get(reverse("printing:batch_download", args=[batch.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
        text = pdf_text(b"".join(response.streaming_content))
        pages = [page for page in text.split("\f") if page.strip()]
        assert len(pages) == 2 and all("特殊困难老年人探访关爱服务记录表" in page for page in pages)
        assert household_id_number not in text
        assert ["第1页" in "".join(page.split()) for page in pages] == [True, False]
        assert "第2页" in "".join(pages[1].split()) and "共" not in "".join(pages[1].split()).split("打印时间")[-1]
        assert AuditEvent.objects.filter(action="print", detail__event="batch_download", object_id=str(batch.pk),
                                         username=people["township"].username).exists()

    @pytest.mark.parametrize("who", ["county", "other_township", "other_county", "visitor", "colleague"])
    def test_nobody_else_sees_or_downloads_it(self, client, people, batch, who):
        from tests.roles.factories import role_holder

        user = role_holder("township_officer", "民生街道") if who == "colleague" else people[who]
        client.force_login(user)
        for name in ("printing:batch_status", "printing:batch_download"):
            assert client.get(reverse(name, args=[batch.pk])).status_code == 404
        assert AuditEvent.objects.filter(action="denied", username=user.username, object_id=str(batch.pk)).exists()

    def test_a_requester_moved_elsewhere_loses_it(self, client, people, batch):
        officer = people["township"]
        profile = officer.staff_profile
        profile.region = region_named("新竹街道")
        profile.save()
        client.force_login(officer)
        assert client.get(reverse("printing:batch_download", args=[batch.pk])).status_code == 404

    def test_a_guessed_id_is_a_404(self, client, people, batch):
        client.force_login(people["township"])
        assert client.get(reverse("printing:batch_download", args=[batch.pk + 100])).status_code == 404

    def test_a_pending_batch_has_no_download_and_the_page_refreshes(self, client, people, records, private_root,
                                                                    django_capture_on_commit_callbacks):
        ask(client, people["township"], execute=False, capture=django_capture_on_commit_callbacks)
        batch = PrintBatch.objects.get()
        assert client.get(reverse("printing:batch_download", args=[batch.pk])).status_code == 404
        html = client.get(BATCHES).content.decode()
        assert '<noscript><meta http-equiv="refresh" content="10"></noscript>' in html
        assert f'data-status-url="{reverse("printing:batch_status", args=[batch.pk])}"' in html
        assert "刷新" in html and "<progress" in html
        status = client.get(reverse("printing:batch_status", args=[batch.pk])).json()
        assert (status["status"], status["pending"], status["download_url"]) == ("queued", True, "")

    def test_a_failed_render_shows_a_chinese_message_not_a_500(self, client, people, records, private_root,
                                                               django_capture_on_commit_callbacks, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("layout exploded")

        monkeypatch.setattr("printing.batches.visit_records_part", broken)
        response = ask(client, people["township"], capture=django_capture_on_commit_callbacks)
        assert response.status_code == 302
        batch = PrintBatch.objects.get()
        assert batch.status == "failed" and batch.error.startswith("生成PDF时出错") and not batch.file
        page = client.get(BATCHES)
        assert page.status_code == 200 and batch.error in page.content.decode()
        assert client.get(reverse("printing:batch_download", args=[batch.pk])).status_code == 404
