"""The rollup's hot path in plain SQL: the statements that every visit submission runs.

Building and compiling a queryset costs Django 0.5 to 1.3 ms, two to four times what PostgreSQL
takes to run these one-elder statements (measured at 1 M elders with ``bench/scale.py``); the five
of them made the rollup's upkeep 40 to 75 % of a 14 ms submission. Here they are SQL strings over
the models' tables, valid on PostgreSQL and SQLite (``FOR UPDATE`` where the database has it; both
return dates and booleans as Python values, SQLite by the columns' declared types, so a column
that may hold a date comes first from a table column). What they read and write is defined in
``workflows.schedule`` and ``workflows.rollup``, which use them; everything else there uses the ORM.
"""

from django.db import connection

from forms.choices import RecordStatus
from forms.models import VisitRecord
from registry.models import Assignment, Elder
from roles.models import Region

from .models import RollupMonth

# Ids per statement (a statement may repeat them three times; SQLite takes 32,766 parameters).
CHUNK = 2000


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values):
    return ", ".join(["%s"] * len(values))


def _rows(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _chunks(ids):
    ids = list(ids)
    return [ids[start:start + CHUNK] for start in range(0, len(ids), CHUNK)]


def _locking():
    return " FOR UPDATE" if connection.in_atomic_block and connection.features.has_select_for_update else ""


def lock_regions(village_ids=(), elder_ids=()):
    """(id, parent id, level) of the villages ``village_ids`` and those ``elder_ids`` live in, and of
    their townships, in id order, locked until the transaction ends (outside one: read only)."""
    region, elder = _table(Region), _table(Elder)
    villages = [f"SELECT id FROM {region} WHERE id IN ({_marks(village_ids)})"] if village_ids else []
    if elder_ids:
        villages.append(f"SELECT village_id FROM {elder} WHERE id IN ({_marks(elder_ids)})")
    if not villages:
        return []
    wanted = " UNION ".join(villages)
    sql = (f"SELECT id, parent_id, level FROM {region} WHERE id IN ({wanted} UNION "
           f"SELECT parent_id FROM {region} WHERE id IN ({wanted})) ORDER BY id{_locking()}")
    params = [*village_ids, *elder_ids]
    return _rows(sql, params * 2)


def elder_rows(ids):
    """(id, village id, village path, registered_on, status, status_date, consents_to_visits) of ``ids``."""
    elder, region = _table(Elder), _table(Region)
    found = []
    for chunk in _chunks(ids):
        found += _rows(f"SELECT e.id, e.village_id, v.path, e.registered_on, e.status, e.status_date, "
                       f"e.consents_to_visits FROM {elder} e LEFT JOIN {region} v ON v.id = e.village_id "
                       f"WHERE e.id IN ({_marks(chunk)})", chunk)
    return found


def related_rows(elder_ids, visits_from, visits_to):
    """(kind, elder id, date, end date, number, row id) of the elders' assignments ("assignment": start,
    end, visits a month, the assignment's id), categories ("category": number is the category) and
    submitted visits dated ``visits_from``..``visits_to`` ("visit": the date), one statement per chunk."""
    assignment, categories = _table(Assignment), _table(Elder.categories.through)
    record = _table(VisitRecord)
    found = []
    for chunk in _chunks(elder_ids):
        marks = _marks(chunk)
        found += _rows(
            f"SELECT 'assignment', elder_id, start_date, end_date, visits_per_month, id FROM {assignment} "
            f"WHERE elder_id IN ({marks}) "
            f"UNION ALL SELECT 'category', elder_id, NULL, NULL, category_id, NULL FROM {categories} "
            f"WHERE elder_id IN ({marks}) "
            f"UNION ALL SELECT 'visit', elder_id, visit_date, NULL, NULL, NULL FROM {record} "
            # The status as a literal (ours, not input), so PostgreSQL uses the partial index of submitted visits.
            f"WHERE status = '{RecordStatus.SUBMITTED.value}' AND elder_id IN ({marks}) "
            f"AND visit_date BETWEEN %s AND %s",
            [*chunk, *chunk, *chunk, visits_from, visits_to])
    return found


def built_among(months):
    """The months of ``months`` that the rollup holds."""
    return {row[0] for row in _rows(f"SELECT month FROM {_table(RollupMonth)} WHERE month IN ({_marks(months)})",
                                    list(months))} if months else set()


def add_to_rows(model, delta):
    """Add ``delta`` ({(place id, category id, month): counts}, each with a count not zero) to the rows of
    ``model`` there are, in one UPDATE (``count = count + CASE row WHEN … END``); returns how many rows
    it updated."""
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
    sql = f"UPDATE {_table(model)} SET {', '.join(assignments)} WHERE {' OR '.join(conditions)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values + [value for row in params for value in row])
        return cursor.rowcount
