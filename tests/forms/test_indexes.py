"""The database indexes the visit rate's hot paths rely on."""

import pytest
from django.db import connection

from forms.models import VisitRecord

pytestmark = pytest.mark.django_db


def test_submitted_visits_are_indexed_by_elder_and_date():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, VisitRecord._meta.db_table)
    assert any(spec["index"] and spec["columns"] == ["elder_id", "visit_date"] for spec in constraints.values())
