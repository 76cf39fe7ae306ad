"""People and visits for the referral and emergency flow tests.

The elder lives in a new village of 民生街道 (兴宁区). ``Cast`` holds one persona per role:
the township officers of 民生街道, 消防救援 and 卫生健康 staff of 兴宁区, and outsiders from
青秀区 and from another township of 兴宁区.
"""

from dataclasses import dataclass

from forms.services import submit_visit
from tests.forms.factories import draft_record, valid_answers
from tests.registry.factories import ElderFactory
from tests.roles.factories import UserFactory, role_holder
from workflows.models import CaseTask, FollowUpCase
from workflows.models.cases import OPEN_TASK_STATUSES


@dataclass
class Cast:
    elder: object
    visitor: object
    officer: object
    second_officer: object
    fire: object
    health: object
    fire_elsewhere: object
    officer_elsewhere: object


def cast(**elder_fields):
    return Cast(
        elder=ElderFactory(**elder_fields),
        visitor=UserFactory(),
        officer=role_holder("township_officer", "民生街道", first_name="乡镇甲"),
        second_officer=role_holder("township_officer", "民生街道", first_name="乡镇乙"),
        fire=role_holder("department_staff", "兴宁区", department="fire_rescue", first_name="消防员"),
        health=role_holder("department_staff", "兴宁区", department="health", first_name="卫健员"),
        fire_elsewhere=role_holder("department_staff", "青秀区", department="fire_rescue"),
        officer_elsewhere=role_holder("township_officer", "朝阳街道"),
    )


def submit(people, **answers):
    """Submit a visit to ``people.elder`` with ``answers`` over the valid defaults; returns the record."""
    record = draft_record(elder=people.elder, visitor=people.visitor)
    return submit_visit(record, valid_answers(**answers), people.visitor)


def case_of(record, field_key):
    return FollowUpCase.objects.get(flag__record=record, flag__field_key=field_key).case


def open_task(case):
    """The one open task of ``case`` (each of these flows has one at a time)."""
    return CaseTask.objects.get(process=case, status__in=OPEN_TASK_STATUSES)


def done_task(case, node):
    return CaseTask.objects.filter(process=case, flow_task=node).latest("pk")
