"""Builders for the scheduling, visit flow and visit rate tests."""

from datetime import date

from django.utils import timezone

from forms.choices import RecordStatus
from forms.models import VisitRecord
from forms.services import start_visit
from registry.models import Assignment
from tests.registry.factories import AssignmentFactory, ElderFactory
from tests.roles.factories import UserFactory, VillageFactory, region_named

LONG_AGO = date(2020, 1, 1)


def assigned_elder(village=None, categories=None, visitor=None, since=LONG_AGO, **fields):
    """An elder registered ``since``, with a current visitor assigned from ``since``."""
    elder = ElderFactory(village=village or VillageFactory(), categories=categories, registered_on=since,
                         consent_date=since, **fields)
    AssignmentFactory(elder=elder, visitor=visitor or UserFactory(), start_date=since)
    return elder


def visitor_of(elder):
    return Assignment.objects.current().get(elder=elder).visitor


def submitted_visit(elder, day, visitor=None):
    """A submitted visit record dated ``day`` (without going through the form's checks)."""
    record = start_visit(elder, visitor or visitor_of(elder))
    VisitRecord.objects.filter(pk=record.pk).update(status=RecordStatus.SUBMITTED, visit_date=day,
                                                    submitted_at=timezone.now())
    return record


def village_in(township, name=None):
    parent = region_named(township, level="township")
    return VillageFactory(parent=parent, **({"name": name} if name else {}))
