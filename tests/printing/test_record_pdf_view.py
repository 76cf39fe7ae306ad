"""GET /workbench/print/visits/<pk>.pdf: who may print a visit record, what they see, the audit trail."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from forms.services import start_visit
from registry.id_numbers import mask_id_number
from tests.printing.conftest import submitted_record
from tests.roles.factories import RoleFactory, StaffProfileFactory, UserFactory, region_named
from workflows.models import Referral

pytestmark = pytest.mark.django_db


def url(record_or_pk):
    return reverse("printing:visit_record_pdf", args=[getattr(record_or_pk, "pk", record_or_pk)])


def flat(text):
    return "".join(text.split())


@pytest.fixture
def record(elder, people, household_id_number):
    return submitted_record(elder, people["visitor"], household_id_number)


@pytest.fixture
def draft(elder, people):
    return start_visit(elder, people["visitor"])


class TestSubmittedRecord:
    @pytest.mark.parametrize("who", ["visitor", "township", "village", "county"])
    def test_creator_and_staff_with_the_print_right_print_it(self, client, people, record, who, pdf_text):
        client.force_login(people[who])
        response = client.get(url(record))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "no-store" in response["Cache-Control"]
        assert "特殊困难老年人探访关爱服务记录表" in pdf_text(response.content)
        event = AuditEvent.objects.get(action="print", username=people[who].username)
        assert (event.object_type, event.object_id) == ("visit_forms.visitrecord", str(record.pk))

    def test_staff_see_id_numbers_masked(self, client, people, record, household_id_number, pdf_text):
        client.force_login(people["township"])
        text = pdf_text(client.get(url(record)).content)
        assert mask_id_number(household_id_number) in text
        assert household_id_number not in text

    def test_the_visitor_sees_no_id_number_at_all(self, client, people, record, household_id_number, pdf_text):
        client.force_login(people["visitor"])
        text = flat(pdf_text(client.get(url(record)).content))
        assert household_id_number not in text
        assert flat(mask_id_number(household_id_number)) not in text
        assert household_id_number[:6] not in text
        assert "户主" in text  # the household table is there, without the number

    @pytest.mark.parametrize("who", ["other_visitor", "other_township", "other_county", "fire"])
    def test_everyone_else_gets_404_and_the_attempt_is_audited(self, client, people, record, who):
        client.force_login(people[who])
        assert client.get(url(record)).status_code == 404
        denied = AuditEvent.objects.get(action="denied", username=people[who].username)
        assert denied.object_id == str(record.pk) and denied.detail["attempted"] == "print"
        assert not AuditEvent.objects.filter(action="print").exists()

    def test_department_staff_with_a_referral_still_get_404(self, client, people, record, elder):
        fire = people["fire"]
        Referral.objects.create(elder=elder, department=fire.staff_profile.department, need="消防安全隐患")
        client.force_login(fire)
        assert client.get(url(record)).status_code == 404

    def test_staff_without_the_print_right_get_403(self, client, record):
        role = RoleFactory(kind="township_officer", region_permissions=["view_elders", "manage_elders"])
        clerk = StaffProfileFactory(user=UserFactory(), role=role, region=region_named("民生街道")).user
        client.force_login(clerk)
        assert client.get(url(record)).status_code == 403
        assert AuditEvent.objects.filter(action="denied", username=clerk.username).exists()


def test_a_guessed_id_is_a_404_like_a_foreign_one(client, people, record):
    client.force_login(people["other_county"])
    missing = client.get(url(record.pk + 1000))
    foreign = client.get(url(record))
    assert missing.status_code == foreign.status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, record):
    response = client.get(url(record))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_post_is_refused(client, people, record):
    client.force_login(people["township"])
    assert client.post(url(record)).status_code == 405


class TestDraft:
    def test_the_creator_prints_it_marked_as_a_draft(self, client, people, draft, pdf_text):
        client.force_login(people["visitor"])
        response = client.get(url(draft))
        assert response.status_code == 200
        text = flat(pdf_text(response.content))
        assert "草稿" in text and "（草稿，未提交）" in text
        assert "草稿" in response["Content-Disposition"] or "%E8%8D%89%E7%A8%BF" in response["Content-Disposition"]
        assert AuditEvent.objects.get(action="print").detail["draft"] is True

    def test_staff_who_may_open_it_may_not_print_it(self, client, people, draft):
        client.force_login(people["township"])
        assert client.get(url(draft)).status_code == 403

    @pytest.mark.parametrize("who", ["other_visitor", "other_township", "county", "fire"])
    def test_others_get_404(self, client, people, draft, who):
        client.force_login(people[who])
        assert client.get(url(draft)).status_code == 404

    def test_a_submitted_record_has_no_draft_mark(self, client, people, record, pdf_text):
        client.force_login(people["visitor"])
        assert "草稿" not in pdf_text(client.get(url(record)).content)


@pytest.mark.parametrize("who, expected", [("visitor", True), ("township", True), ("county", True),
                                           ("other_township", False)])
def test_the_template_tag_shows_the_link_to_those_who_may_print(rf, people, record, who, expected):
    from django.template import Context, Template

    request = rf.get("/")
    request.user = people[who]
    template = Template("{% load printing_tags %}{% can_print_visit_record record as ok %}"
                        "{% if ok %}<a href=\"{% url 'printing:visit_record_pdf' record.pk %}\">打印</a>{% endif %}")
    html = template.render(Context({"request": request, "record": record}))
    assert (url(record) in html) is expected
