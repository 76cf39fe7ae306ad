"""The rollup's hot path in plain SQL: the statements that every visit submission runs.

Building and compiling a queryset costs Django 0.5 to 1.3 ms, two to four times what PostgreSQL
takes to run these one-elder statements (measured at 1 M elders with ``bench/scale.py``); the five
of them made the rollup's upkeep 40 to 75 % of a 14 ms submission. Here they are SQL strings over
the models' tables, prepared once per connection and sent together on PostgreSQL (``_run``),
valid on SQLite too (``FOR UPDATE`` where the database has it; both
return dates and booleans as Python values, SQLite by the columns' declared types, so a column
that may hold a date comes first from a table column). What they read and write is defined in
``workflows.schedule`` and ``workflows.rollup``, which use them; everything else there uses the ORM.
"""

import hashlib
import weakref

from django.db import connection

from forms.choices import RecordStatus
from forms.models import VisitRecord
from registry.models import Assignment, Elder
from roles.models import Region

from .models import RollupMonth

# Ids per statement (a statement may repeat them four times; SQLite takes 32,766 parameters).
CHUNK = 2000
# Statements with more parameters are not prepared: each number of elders is a statement of its own.
PREPARED_PARAMETERS = 64


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values):
    return ", ".join(["%s"] * len(values))


# The statements each PostgreSQL connection has prepared (they last as long as the session).
_prepared = weakref.WeakKeyDictionary()


def _numbered(sql):
    """``sql`` with its ``%s`` placeholders numbered ``$1``, ``$2`` … as PREPARE wants them."""
    parts = sql.split("%s")
    return "".join(f"{part}${number}" for number, part in enumerate(parts[:-1], 1)) + parts[-1]


def _run(*statements):
    """The rows of each of ``statements`` ((sql, params) each).

    On PostgreSQL in one round trip, the few-parameter ones (an elder's) as statements prepared once
    per connection: planning them takes PostgreSQL longer than running them (about 1 ms against
    0.1 ms for an elder's facts at 1 M elders). Prepared statements last for the database session:
    a pooler that shares sessions between clients (PgBouncer in transaction mode) needs them kept
    per client. Elsewhere one statement at a time.
    """
    if connection.vendor != "postgresql":
        return [_rows(sql, params) for sql, params in statements]
    connection.ensure_connection()
    known = _prepared.setdefault(connection.connection, set())
    script, values, names = [], [], set()
    for sql, params in statements:
        values += params
        # Not prepared: a shape seldom seen again (a page of elders, a rebuild's chunk), or any
        # statement on a connection where a script failed (which of its PREPAREs took is unknown).
        if known is None or len(params) > PREPARED_PARAMETERS:
            script.append(sql)
            continue
        name = f"tanfang_{hashlib.sha1(sql.encode()).hexdigest()[:16]}"
        if name not in known:
            script.append(f"PREPARE {name} AS {_numbered(sql)}")
        script.append(f"EXECUTE {name}({_marks(params)})" if params else f"EXECUTE {name}")
        names.add(name)
    found = []
    with connection.cursor() as cursor:
        try:
            cursor.execute("; ".join(script), values)
        except Exception:
            _prepared[connection.connection] = None
            raise
        while True:
            if cursor.description is not None:
                found.append(cursor.fetchall())
            if not cursor.nextset():
                break
    if known is not None:
        known.update(names)
    return found


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _chunks(ids):
    ids = list(ids)
    return [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _locking():
    return " FOR UPDATE" if connection.in_atomic_block and connection.features.has_select_for_update else ""


def _lock_statement(village_ids, elder_ids):
    region, elder = _table(Region), _table(Elder)
    villages = [f"SELECT id FROM {region} WHERE id IN ({_marks(village_ids)})"] if village_ids else []
    if elder_ids:
        villages.append(f"SELECT village_id FROM {elder} WHERE id IN ({_marks(elder_ids)})")
    wanted = " UNION ".join(villages)
    sql = (f"SELECT id, parent_id, level FROM {region} WHERE id IN ({wanted} UNION "
           f"SELECT parent_id FROM {region} WHERE id IN ({wanted})) ORDER BY id{_locking()}")
    return sql, [*village_ids, *elder_ids] * 2


def lock_regions(village_ids=(), elder_ids=()):
    """(id, parent id, level) of the villages ``village_ids`` and those ``elder_ids`` live in, and of
    their townships, in id order, locked until the transaction ends (outside one: read only)."""
    return _run(_lock_statement(village_ids, elder_ids))[0] if village_ids or elder_ids else []


def _facts_statement(chunk, visits_from, visits_to):
    elder, region, assignment = _table(Elder), _table(Region), _table(Assignment)
    categories, record = _table(Elder.categories.through), _table(VisitRecord)
    marks = _marks(chunk)
    sql = (f"SELECT 'elder', e.id, e.registered_on, e.status_date, e.village_id, NULL, v.path, e.status, "
           f"e.consents_to_visits FROM {elder} e LEFT JOIN {region} v ON v.id = e.village_id WHERE e.id IN ({marks}) "
           f"UNION ALL SELECT 'assignment', elder_id, start_date, end_date, visits_per_month, id, NULL, NULL, NULL "
           f"FROM {assignment} WHERE elder_id IN ({marks}) "
           f"UNION ALL SELECT 'category', elder_id, NULL, NULL, category_id, NULL, NULL, NULL, NULL "
           f"FROM {categories} WHERE elder_id IN ({marks}) "
           f"UNION ALL SELECT 'visit', elder_id, visit_date, NULL, NULL, NULL, NULL, NULL, NULL FROM {record} "
           # The status as a literal (ours, not input), so PostgreSQL uses the partial index of submitted visits.
           f"WHERE status = '{RecordStatus.SUBMITTED.value}' AND elder_id IN ({marks}) "
           f"AND visit_date BETWEEN %s AND %s")
    return sql, [*chunk, *chunk, *chunk, *chunk, visits_from, visits_to]


def elder_facts(elder_ids, visits_from, visits_to):
    """What the month rules read about ``elder_ids``, one statement per chunk: rows of (kind, elder id,
    date, end date, number, row id, path, status, flag), whose kind says what the others hold:

    - "elder": registered_on, status_date, village id, -, the village's path, status, consents_to_visits;
    - "assignment": start date, end date, visits a month, the assignment's id;
    - "category": -, -, the category;
    - "visit": the date of a submitted visit dated ``visits_from``..``visits_to``.
    """
    found = []
    for chunk in _chunks(elder_ids):
        found += _run(_facts_statement(chunk, visits_from, visits_to))[0]
    return found


def lock_and_read(elder_ids, visits_from, visits_to):
    """(``lock_regions(elder_ids=…)``, ``elder_facts(…)``): on PostgreSQL in one round trip for a
    chunk's worth of elders (the statements run in turn, so the facts are read once the lock is held)."""
    if not 0 < len(elder_ids) <= CHUNK:
        return lock_regions(elder_ids=elder_ids), elder_facts(elder_ids, visits_from, visits_to)
    return tuple(_run(_lock_statement((), elder_ids), _facts_statement(elder_ids, visits_from, visits_to)))


def built_among(months):
    """The months of ``months`` that the rollup holds."""
    return {row[0] for row in _rows(f"SELECT month FROM {_table(RollupMonth)} WHERE month IN ({_marks(months)})",
                                    list(months))} if months else set()


def _update(model, delta, only_built):
    """The UPDATE adding ``delta`` to ``model``'s rows, and its parameters."""
    place = f"{model.PLACE}_id"
    keys, params, conditions = list(delta), [], []
    for place_id, category_id, month in keys:
        conditions.append(f"({place} = %s AND month = %s AND category_id " + (
            "IS NULL)" if category_id is None else "= %s)"))
        params.append([place_id, month] + ([] if category_id is None else [category_id]))
    assignments, values = [], []
    for index, name in enumerate(model.COUNTS):
        changed = [position for position, key in enumerate(keys) if delta[key][index]]
        if changed:
            assignments.append(f"{name} = {name} + CASE " + " ".join(
                f"WHEN {conditions[position]} THEN %s" for position in changed) + " ELSE 0 END")
            for position in changed:
                values += [*params[position], delta[keys[position]][index]]
    held = f" AND month IN (SELECT month FROM {_table(RollupMonth)})" if only_built else ""
    sql = f"UPDATE {_table(model)} SET {', '.join(assignments)} WHERE ({' OR '.join(conditions)}){held}"
    return sql, values + [value for row in params for value in row]


def add_to_rows(deltas, only_built=False):
    """Add each of ``deltas`` ({model: {(place id, category id, month): counts}}, no delta empty nor a
    vector of zeros) to the model's rows there are (``count = count + CASE row WHEN … END``), only in
    the months the rollup holds when ``only_built``; returns {model: rows updated}. On PostgreSQL one
    statement (the UPDATEs in a WITH), elsewhere one per model."""
    updates = {model: _update(model, delta, only_built) for model, delta in deltas.items()}
    if connection.vendor == "postgresql":
        names = [f"updated_{position}" for position in range(len(updates))]
        ctes = ", ".join(f"{name} AS ({sql} RETURNING 1)" for name, (sql, _) in zip(names, updates.values(),
                                                                                      strict=True))
        counts = ", ".join(f"(SELECT count(*) FROM {name})" for name in names)
        [[row]] = _run((f"WITH {ctes} SELECT {counts}", [value for _, params in updates.values() for value in params]))
        return dict(zip(updates, row, strict=True))
    with connection.cursor() as cursor:
        found = {}
        for model, (sql, params) in updates.items():
            cursor.execute(sql, params)
            found[model] = cursor.rowcount
        return found
