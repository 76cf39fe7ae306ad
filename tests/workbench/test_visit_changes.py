"""Sections 一-四 changed on a visit: listed on submission, written back by editors, proposed by visitors;
visit records on the elder page; who may start a visit (village staff)."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from forms.models import VisitRecord
from forms.services import start_visit
from tests.registry.factories import AssignmentFactory
from tests.roles.factories import VillageFactory, role_holder
from tests.workbench.visiting import GOOD, posted, start
from workflows.models import Referral

pytestmark = pytest.mark.django_db
NEW_PHONE = "13911112222"


def edit_url(record):
    return reverse("workbench:visit_edit", args=[record.pk])


def submit_with_new_phone(client, user, elder, **extra):
    """Start a visit as ``user``, submit it with a changed phone; the review page's response."""
    start(client, user, elder)
    record = VisitRecord.objects.get(created_by=user, status="draft")
    response = client.post(edit_url(record), posted(record, client, **GOOD, phone=NEW_PHONE, submit="1", **extra))
    return record, response


def confirm(client, record, review, **extra):
    """Post the reviewed form again, as 确认提交 does."""
    form = review.context["form"]
    data = posted(record, client, **GOOD, phone=NEW_PHONE, submit="1",
                  changes_seen=review.context["review"].digest, **extra)
    assert form.is_bound
    return client.post(edit_url(record), data)


class TestEditorConfirms:
    def test_the_changes_are_listed_then_written_back(self, client, elders, people):
        elder = elders["own"]
        old_phone = elder.phone
        record, review = submit_with_new_phone(client, people["township"], elder)
        assert review.status_code == 200
        html = review.content.decode()
        assert "与老年人档案不同的内容" in html and "联系电话（被探访人）" in html
        assert old_phone in html and NEW_PHONE in html
        assert 'name="write_back"' in html and "将以上变更写回老年人档案" in html
        record.refresh_from_db()
        assert record.status == "draft" and record.plain_answers()["phone"] == NEW_PHONE  # kept meanwhile

        response = confirm(client, record, review, write_back="on")
        assert response.status_code == 302
        elder.refresh_from_db()
        record.refresh_from_db()
        assert elder.phone == NEW_PHONE and record.is_submitted and record.proposed_changes == []
        event = AuditEvent.objects.get(object_type="registry.elder", object_id=str(elder.pk),
                                       detail__event="visit_write_back")
        assert event.action == "change" and event.detail["record"] == record.pk
        assert "变更已写回老年人档案" in client.get(response.url).content.decode()

    def test_not_ticking_the_box_leaves_the_file(self, client, elders, people):
        record, review = submit_with_new_phone(client, people["township"], elders["own"])
        assert confirm(client, record, review).status_code == 302
        elders["own"].refresh_from_db()
        record.refresh_from_db()
        assert elders["own"].phone != NEW_PHONE and record.is_submitted and record.proposed_changes == []

    def test_a_change_made_after_the_review_is_shown_again(self, client, elders, people):
        record, review = submit_with_new_phone(client, people["township"], elders["own"])
        data = posted(record, client, **GOOD, phone="13933334444", submit="1",
                      changes_seen=review.context["review"].digest, write_back="on")
        response = client.post(edit_url(record), data)
        assert response.status_code == 200 and "13933334444" in response.content.decode()
        record.refresh_from_db()
        assert record.status == "draft"

    def test_a_change_the_file_refuses_shows_the_error_beside_the_field(self, client, elders, people):
        elder = elders["own"]  # in one category only (empty_nest)
        start(client, people["township"], elder)
        record = VisitRecord.objects.get()
        changed = {**GOOD, "living_alone_or_empty_nest": "false", "submit": "1"}
        review = client.post(edit_url(record), posted(record, client, **changed))
        assert review.status_code == 200
        response = client.post(edit_url(record), posted(record, client, **changed, write_back="on",
                                                         changes_seen=review.context["review"].digest))
        assert response.status_code == 400
        assert response.context["form"].errors["living_alone_or_empty_nest"] == ["请至少选择一个对象类别。"]
        html = response.content.decode()
        assert 'id="id_living_alone_or_empty_nest_error"' in html and 'checked' in html
        record.refresh_from_db()
        assert record.status == "draft"

    def test_household_rows_are_written_back(self, client, elders, people):
        elder = elders["own"]
        start(client, people["township"], elder)
        record = VisitRecord.objects.get()
        row = {"household_members-9-name": "李小明", "household_members-9-sex": "男",
               "household_members-9-relation": "孙子女"}
        review = client.post(edit_url(record), posted(record, client, **GOOD, **row, submit="1"))
        assert "家庭成员" in review.content.decode()
        client.post(edit_url(record), posted(record, client, **GOOD, submit="1", write_back="on",  # row kept
                                             changes_seen=review.context["review"].digest))
        assert [member.name for member in elder.household()][-1] == "李小明"

    def test_a_bad_household_cell_shows_its_error_beside_the_cell(self, client, elders, people):
        start(client, people["township"], elders["own"])
        record = VisitRecord.objects.get()
        row = {"household_members-9-name": "李小明", "household_members-9-relation": "外甥"}
        review = client.post(edit_url(record), posted(record, client, **GOOD, **row, submit="1"))
        response = client.post(edit_url(record), posted(record, client, **GOOD, submit="1", write_back="on",
                                                         changes_seen=review.context["review"].digest))
        assert response.status_code == 400
        html = response.content.decode()
        assert 'id="id_household_members-1-relation_error"' in html and 'id="id_household_members-1-sex_error"' in html


class TestVisitorProposes:
    def test_the_changes_wait_for_township_staff(self, client, elders, people):
        elder = elders["own"]
        record, review = submit_with_new_phone(client, people["visitor"], elder)
        html = review.content.decode()
        assert "联系电话（被探访人）" in html and 'name="write_back"' not in html
        assert "交由乡镇（街道）、村（社区）工作人员核实" in html
        response = confirm(client, record, review, write_back="on")  # the box is ignored: no edit rights
        assert response.status_code == 302
        record.refresh_from_db()
        elder.refresh_from_db()
        assert record.proposed_changes == ["phone"] and elder.phone != NEW_PHONE
        assert "待核实的档案变更" not in client.get(response.url).content.decode()

        client.force_login(people["township"])
        page = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
        assert "待核实的档案变更" in page and "联系电话（被探访人）" in page
        assert NEW_PHONE not in page  # masked on the file page
        changes_url = reverse("workbench:visit_changes", args=[record.pk])
        assert client.get(changes_url).status_code == 200
        response = client.post(changes_url, {"action": "apply"})
        assert response.status_code == 302
        elder.refresh_from_db()
        record.refresh_from_db()
        assert elder.phone == NEW_PHONE and record.proposed_changes == []
        assert AuditEvent.objects.filter(object_id=str(elder.pk), detail__event="visit_write_back",
                                         detail__record=record.pk).exists()

    def test_staff_may_dismiss_them(self, client, elders, people):
        record, review = submit_with_new_phone(client, people["visitor"], elders["own"])
        confirm(client, record, review)
        client.force_login(people["village"])
        response = client.post(reverse("workbench:visit_changes", args=[record.pk]), {"action": "dismiss"})
        assert response.status_code == 302
        record.refresh_from_db()
        elders["own"].refresh_from_db()
        assert record.proposed_changes == [] and elders["own"].phone != NEW_PHONE

    @pytest.mark.parametrize("who, status", [("visitor", 403), ("county", 403), ("fire", 404), ("outsider", 404)])
    def test_only_editors_handle_proposals(self, client, elders, people, who, status):
        record, review = submit_with_new_phone(client, people["visitor"], elders["own"])
        confirm(client, record, review)
        client.force_login(people[who])
        url = reverse("workbench:visit_changes", args=[record.pk])
        assert client.get(url).status_code == status
        assert client.post(url, {"action": "apply"}).status_code == status
        record.refresh_from_db()
        assert record.proposed_changes == ["phone"]

    def test_a_proposal_the_file_refuses_shows_the_error(self, client, elders, people):
        elder = elders["own"]
        start(client, people["visitor"], elder)
        record = VisitRecord.objects.get()
        changed = {**GOOD, "living_alone_or_empty_nest": "false", "submit": "1"}
        review = client.post(edit_url(record), posted(record, client, **changed))
        client.post(edit_url(record), posted(record, client, **changed, changes_seen=review.context["review"].digest))
        client.force_login(people["township"])
        response = client.post(reverse("workbench:visit_changes", args=[record.pk]), {"action": "apply"})
        assert response.status_code == 400 and "请至少选择一个对象类别。" in response.content.decode()


class TestVisitRecordsOnTheElderPage:
    def records_seen(self, client, user, elder):
        client.force_login(user)
        return list(client.get(reverse("workbench:elder_detail", args=[elder.pk])).context["visit_records"])

    def test_who_sees_which(self, client, elders, people):
        elder = elders["own"]
        submitted, review = submit_with_new_phone(client, people["visitor"], elder)
        confirm(client, submitted, review)
        own_draft = start_visit(elder, people["visitor"])
        township_draft = start_visit(elder, people["township"])
        other_visitor = role_holder("visitor", elder.village)

        assert self.records_seen(client, people["visitor"], elder) == [own_draft, submitted]
        assert self.records_seen(client, people["township"], elder) == [township_draft, submitted]
        assert self.records_seen(client, people["county"], elder) == [submitted]
        client.force_login(people["fire"])  # department staff reach an elder only through a referral
        assert client.get(reverse("workbench:elder_detail", args=[elder.pk])).status_code == 404
        Referral.objects.create(elder=elder, department=people["fire"].staff_profile.department, need="消防安全不安全")
        assert self.records_seen(client, people["fire"], elder) == []

        client.force_login(people["visitor"])
        html = client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()
        assert "第 1 次" in html and "上门探访" in html and "继续填写" in html

        # Listing and opening follow one rule.
        client.force_login(people["county"])
        assert client.get(edit_url(submitted)).status_code == 200
        assert client.get(edit_url(own_draft)).status_code == 404
        client.force_login(people["township"])
        assert client.get(edit_url(own_draft)).status_code == 200  # may open, though not listed
        for user in (people["fire"], people["outsider"], other_visitor):
            client.force_login(user)
            assert client.get(edit_url(submitted)).status_code == 404


class TestWhoMayStartAVisit:
    def test_village_staff_in_their_village(self, client, elders, people):
        elder = elders["own"]
        assert start(client, people["village"], elder).status_code == 302
        record = VisitRecord.objects.get(created_by=people["village"])
        assert record.visitor == people["village"]
        client.force_login(people["village"])
        assert "开始探访" in client.get(reverse("workbench:elder_detail", args=[elder.pk])).content.decode()

    def test_village_staff_of_another_village_get_404(self, client, elders):
        neighbour = role_holder("village_worker", VillageFactory(parent=elders["own"].village.parent))
        assert start(client, neighbour, elders["own"]).status_code == 404

    def test_assigned_visitor_and_township_staff_may_county_staff_may_not(self, client, elders, people):
        assert start(client, people["visitor"], elders["own"]).status_code == 302
        assert start(client, people["township"], elders["own"]).status_code == 302
        assert start(client, people["county"], elders["own"]).status_code == 403
        assert start(client, people["fire"], elders["own"]).status_code == 404

    def test_a_visitor_no_longer_assigned_may_not(self, client, elders):
        visitor = role_holder("visitor", elders["own"].village)
        assignment = AssignmentFactory(elder=elders["same_county"], visitor=visitor)
        assert start(client, visitor, elders["same_county"]).status_code == 302
        assignment.delete()
        assert start(client, visitor, elders["same_county"]).status_code == 404


def test_a_radio_group_in_error_is_marked_as_a_group(client, elders, people):
    start(client, people["visitor"], elders["own"])
    record = VisitRecord.objects.get()
    response = client.post(edit_url(record), posted(record, client, **{**GOOD, "visit_method": ""}, submit="1"))
    html = response.content.decode()
    assert ('<fieldset class="choice-group" role="radiogroup" aria-invalid="true" '
            'aria-describedby="id_visit_method_error">') in html
    assert 'name="visit_method" value="home" id="id_visit_method_1" aria-invalid="true"' in html
    assert '<div class="field field--error">\n  \n  <fieldset class="choice-group" role="radiogroup"' in html
