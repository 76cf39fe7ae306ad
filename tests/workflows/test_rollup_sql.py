"""The rollup's SQL on PostgreSQL: statements prepared once per connection, sent together."""

import uuid

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from workflows import rollup_sql

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")]


@pytest.fixture
def fresh():
    """Statements no connection has seen (a unique alias), on a connection that prepares."""
    connection.ensure_connection()
    rollup_sql._prepared[connection.connection] = set()
    return f"n{uuid.uuid4().hex}"


def test_statements_are_prepared_once_and_sent_together(fresh):
    plus, times = f"SELECT %s::int + 1 AS {fresh}", f"SELECT %s::int * 2 AS {fresh}"
    with CaptureQueriesContext(connection) as first:
        assert rollup_sql._run((plus, [1]), (times, [5])) == [[(2,)], [(10,)]]
    with CaptureQueriesContext(connection) as again:
        assert rollup_sql._run((plus, [2]), (times, [6])) == [[(3,)], [(12,)]]
    assert len(first) == len(again) == 1  # one round trip each
    assert first[0]["sql"].count("PREPARE ") == 2 and "PREPARE " not in again[0]["sql"]


def test_after_a_failed_script_the_connection_runs_them_unprepared(fresh):
    """A script that failed after its PREPAREs took leaves statements the connection would prepare
    again ("already exists"): the connection stops preparing instead."""
    plus, divided = f"SELECT %s::int + 1 AS {fresh}", f"SELECT 1 / %s::int AS {fresh}"
    with pytest.raises(DatabaseError), transaction.atomic():
        rollup_sql._run((plus, [1]), (divided, [0]))
    with CaptureQueriesContext(connection) as after:
        assert rollup_sql._run((divided, [1])) == [[(1,)]]
    assert "PREPARE" not in after[0]["sql"] and "EXECUTE" not in after[0]["sql"]
