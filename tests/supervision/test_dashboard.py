"""The 监督看板 (issue 11): every figure against a direct count on the raw tables, the page, the start page panel."""

from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from registry import register
from registry.models import Elder
from supervision import charts, figures
from supervision.panels import start_page_panels
from tests.registry.factories import ElderFactory
from tests.roles.factories import StaffProfileFactory, VillageFactory, region_named, role_holder
from tests.supervision.direct import census_directly, counted_directly
from tests.workflows.visit_factories import assigned_elder, submitted_visit, village_in, visitor_of
from workflows import rollup, schedule
from workflows.visit_rate import visit_rate

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
URL = reverse("supervision:dashboard")
AFTER_MARCH = datetime(2026, 4, 10, tzinfo=UTC)  # March is 逾期 (past its grace period)


def counts(line):
    return {name: getattr(line, name) for name in ("due", "visited", "unassigned", "declined")}


@pytest.fixture
def tree():
    """兴宁区: 民生街道 with 东村 (3 elders), 西村 (3, one unassigned, one registered in February) and 空村
    (no record at all); 三塘镇 with 南村 (2, one declined). Visits from November 2025 to March 2026.
    Plus 新竹街道 (青秀区), outside the county: one visited elder who must never be counted in it."""
    east, west, empty = village_in("民生街道", "东村"), village_in("民生街道", "西村"), village_in("民生街道", "空村")
    south = village_in("三塘镇", "南村")
    elders = {
        "a": assigned_elder(east, categories=["disabled"], name="甲"),
        "b": assigned_elder(east, categories=["empty_nest"], name="乙"),
        "c": assigned_elder(east, categories=["living_alone", "disabled"], name="丙"),
        "d": assigned_elder(west, categories=["left_behind"], name="丁"),
        "e": assigned_elder(west, name="戊"),
        "new": assigned_elder(west, name="己", since=date(2026, 2, 10)),
        "f": assigned_elder(south, categories=["disabled"], name="庚"),
        "declined": assigned_elder(south, name="壬", consents_to_visits=False),
        "outside": assigned_elder(village_in("新竹街道"), name="辛"),
    }
    elders["e"].assignments.update(end_date=date(2026, 1, 31))
    for day in (date(2025, 11, 3), date(2025, 12, 9), date(2026, 1, 5), date(2026, 2, 2), date(2026, 3, 2)):
        submitted_visit(elders["a"], day)
    for day in (date(2026, 1, 20), date(2026, 3, 20), date(2026, 3, 21)):
        submitted_visit(elders["c"], day)
    submitted_visit(elders["d"], date(2026, 2, 27))
    submitted_visit(elders["f"], date(2026, 3, 9))
    submitted_visit(elders["new"], date(2026, 3, 1))
    submitted_visit(elders["outside"], date(2026, 3, 1))
    return {"east": east, "west": west, "empty": empty, "south": south, **elders}


class TestTrend:
    @pytest.mark.parametrize("name", ["兴宁区", "民生街道", "三塘镇"])
    def test_every_month_matches_a_direct_count(self, tree, name):
        region = region_named(name)
        lines = figures.trend(region, MARCH)
        assert [line.obj for line in lines] == [schedule.add_months(MARCH, n) for n in range(-11, 1)]
        for line in lines:
            assert counts(line) == counted_directly(region, line.obj), line.obj
        assert lines[-1].due > 0 and counts(lines[-1]) == counts(visit_rate(region, MARCH).total)

    def test_the_county_line(self, tree):
        rates = [line.rate for line in figures.trend(region_named("兴宁区"), MARCH)]
        # Nov: 甲 of 6 due (己 not yet registered, 壬 declined); Jan: 甲, 丙; Feb: 甲, 丁 of 7; Mar: 甲, 丙, 庚, 己.
        assert rates[-5:] == [16.7, 16.7, 33.3, 28.6, 57.1]

    def test_one_query_once_the_months_are_built(self, tree, django_assert_num_queries):
        region = region_named("兴宁区")
        figures.trend(region, MARCH)
        with django_assert_num_queries(2):  # which months are built; the sums
            figures.trend(region, MARCH)

    def test_months_not_yet_held_are_built_in_the_background_once(self, tree):
        region = region_named("民生街道")
        rollup.ensure_built(MARCH)
        with mock.patch("workflows.rollup.recompute_rollup") as task:
            lines = figures.trend(region, MARCH)
            figures.trend(region, MARCH)
        task.enqueue.assert_called_once_with([f"{line.obj:%Y-%m}" for line in lines[:-1]], [None])
        assert [line.built for line in lines] == [False] * 11 + [True]
        assert counts(lines[-1]) == counted_directly(region, MARCH)
        assert all(line.due == 0 for line in lines[:-1])  # shown as 正在汇总, not as a month nobody was due

    def test_chart_points_and_gaps(self, tree):
        lines = figures.trend(region_named("民生街道"), MARCH)
        chart = charts.line_chart(lines, 100)
        assert len(chart.x_labels) == 12 and chart.x_labels[-1][1] == "3月"
        assert [point.rate for point in chart.points] == [line.rate for line in lines if line.rate is not None]
        top, bottom = chart.y_labels[-1][0], chart.y_labels[0][0]
        assert chart.target_y == top < bottom
        point = chart.points[-1]
        assert point.y == pytest.approx(bottom - (bottom - top) * point.rate / 100, abs=0.1)

    def test_the_month_in_progress_is_a_point_apart(self):
        from supervision.figures import MonthLine
        from workflows.schedule import add_months, this_month

        current = this_month()
        lines = [MonthLine("m", obj=add_months(current, offset), due=4, visited=visited)
                 for offset, visited in ((-2, 3), (-1, 4), (0, 1))]
        chart = charts.line_chart(lines)
        assert len(chart.points) == 3 and len(chart.segments) == 1  # the two past months joined, this one alone
        assert [line.in_progress for line in lines] == [False, False, True]

    def test_a_month_nobody_was_due_breaks_the_line(self):
        from workflows.visit_rate import RateLine

        lines = [RateLine("m", obj=date(2026, month, 1), due=due, visited=visited)
                 for month, due, visited in ((1, 2, 1), (2, 0, 0), (3, 4, 4), (4, 4, 2))]
        chart = charts.line_chart(lines)
        assert len(chart.segments) == 2 and len(chart.points) == 3


class TestRanking:
    def test_children_lowest_first_with_their_bands(self, tree):
        report = visit_rate(region_named("民生街道"), MARCH)
        items = figures.ranked(report)
        assert [item.line.label for item in items] == ["西村", "东村", "空村"]
        west = counted_directly(tree["west"], MARCH)
        assert counts(items[0].line) == west and items[0].line.rate == round(100 * west["visited"] / west["due"], 1)
        assert [item.band.key for item in items] == ["far", "far", "none"]

    @pytest.mark.parametrize("rate, key", [(100.0, "met"), (97.5, "near"), (95.0, "near"), (94.9, "below"),
                                           (80.0, "below"), (79.9, "far"), (0.0, "far"), (None, "none")])
    def test_bands(self, rate, key):
        assert figures.band_of(rate).key == key


class TestCensus:
    @pytest.fixture
    def census(self, tree):
        west = tree["west"]
        ElderFactory(village=west, name="待核实甲", status="pending")
        ElderFactory(village=west, name="待核实乙", status="pending")
        ElderFactory(village=tree["south"], name="待核实丙", status="pending")
        ElderFactory(village=tree["east"], name="待审核", status="verified")
        ElderFactory(village=tree["east"], name="不通过", status="rejected", status_date=date(2026, 1, 5),
                     status_reason="非本村户籍")
        ElderFactory(village=tree["south"], name="已去世", status="deceased", status_date=date(2025, 6, 1),
                     status_reason="病故")
        ElderFactory(village=VillageFactory(parent=region_named("三塘镇"), name="只有重复"), status="merged",
                     status_date=date(2026, 1, 5), status_reason="重复")
        return tree

    @staticmethod
    def of(line):
        return {name: getattr(line, name) for name in
                ("registered", "verified", "pending", "awaiting_approval", "villages", "empty_villages")}

    def test_county_by_township_matches_direct_counts(self, census):
        county = region_named("兴宁区")
        result = figures.census_completeness(county)
        assert self.of(result.total) == census_directly(county)
        children = {line.label: line for line in result.by_child}
        for name in ("民生街道", "三塘镇"):
            assert self.of(children[name]) == census_directly(region_named(name)), name
        assert children["三塘镇"].empty_villages == 1  # a village with only a merged duplicate has no record
        assert not result.total.complete and result.milestone == date(2024, 12, 31)
        # The county's other townships (official divisions, no village added yet) have no census at all.
        empty = {line.obj for line in result.empty_children}
        assert empty == set(county.children.exclude(name__in=["民生街道", "三塘镇"])) and empty
        assert not result.complete

    def test_township_by_village_names_the_villages_without_records(self, census):
        township = region_named("民生街道")
        result = figures.census_completeness(township)
        assert self.of(result.total) == census_directly(township)
        for line in result.by_child:
            assert self.of(line) == census_directly(line.obj), line.label
        assert result.total.empty_names == ["空村"]

    def test_a_village_and_a_complete_one(self, census):
        east = figures.census_completeness(census["east"])
        assert [line.obj for line in east.by_child] == [census["east"]]
        assert self.of(east.total) == census_directly(census["east"])
        assert not east.total.complete  # 待审核
        assert figures.census_completeness(census["south"]).total.pending == 1
        approved = list(Elder.objects.filter(status__in=["pending", "verified"]).values_list("pk", flat=True))
        with register.tracking(approved):  # an update the signals do not see
            Elder.objects.filter(pk__in=approved).update(status="active")
        assert figures.census_completeness(census["east"]).total.complete

    def test_two_queries_whatever_the_size(self, census, django_assert_num_queries):
        county = region_named("兴宁区")
        county.children.count()
        with django_assert_num_queries(3):  # the children, the statuses, the villages
            figures.census_completeness(county)


class TestNotVisited:
    def test_village_list_with_visitor_and_days_overdue(self, tree):
        with mock.patch("django.utils.timezone.now", return_value=AFTER_MARCH):
            rows, after = figures.not_visited_rows(tree["east"], MARCH)
        assert after is None
        assert [row.elder.name for row in rows] == ["乙"]
        row = rows[0]
        assert row.visitor == visitor_of(tree["b"]) and row.last_visit is None
        assert row.days_overdue == 10  # 10 April, the due date was 31 March
        west, _ = figures.not_visited_rows(tree["west"], MARCH)
        assert sorted(row.elder.name for row in west) == ["丁", "戊"]
        unassigned = next(row for row in west if row.elder.name == "戊")
        assert unassigned.visitor is None
        assert next(row for row in west if row.elder.name == "丁").last_visit == date(2026, 2, 27)

    def test_not_overdue_before_the_grace_period_ends(self, tree):
        with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 3, 20, tzinfo=UTC)):
            rows, _ = figures.not_visited_rows(tree["east"], MARCH)
        assert rows[0].days_overdue is None

    def test_the_list_is_the_direct_count(self, tree):
        for village in (tree["east"], tree["west"], tree["south"]):
            direct = counted_directly(village, MARCH)
            rows, _ = figures.not_visited_rows(village, MARCH)
            assert len(rows) == direct["due"] - direct["visited"]

    def test_visitor_phone_is_the_staff_number(self, tree):
        StaffProfileFactory(user=visitor_of(tree["b"]), region=tree["east"], phone="13977112345")
        rows, _ = figures.not_visited_rows(tree["east"], MARCH)
        assert rows[0].visitor_phone == "13977112345"


def county_officer():
    return role_holder("county_civil_affairs", "兴宁区", username="county-xn")


class TestPage:
    def test_county_dashboard(self, client, tree):
        client.force_login(county_officer())
        county = region_named("兴宁区")
        response = client.get(URL, {"month": "2026-03"})
        assert response.status_code == 200 and response.context["region"] == county
        html = response.content.decode()
        direct = counted_directly(county, MARCH)
        assert f"已探访 {direct['visited']} / 应探访 {direct['due']}" in html
        assert "<svg" in html and "近12个月月探访率与100%目标" in html and "目标 100%" in html
        assert "2026年3月：57.1%" in html  # the chart's description for screen readers
        assert "<th scope=\"row\">2026年3月</th><td>7</td><td>4</td><td>57.1%</td>" in html  # and its table
        minsheng, santang = region_named("民生街道"), region_named("三塘镇")
        assert html.index(f"?region={minsheng.pk}&amp;month=2026-03\">民生街道") < html.index(
            f"?region={santang.pk}&amp;month=2026-03\">三塘镇")  # 50% before 100%
        assert "失能老年人：</strong>探访率 100.0%（已探访 3 / 应探访 3）" in html
        assert f"?region={county.pk}&amp;month=2026-03&amp;list=unassigned" in html
        assert "摸底建档" in html and "1 个村(社区)尚无任何档案" in html
        event = AuditEvent.objects.filter(action="view").latest("pk")
        assert event.detail["report"] == "supervision_dashboard" and event.detail["month"] == "2026-03"

    def test_drill_down_to_a_village_and_its_not_visited_elders(self, client, tree):
        client.force_login(county_officer())
        township = client.get(URL, {"region": region_named("民生街道").pk, "month": "2026-03"}).content.decode()
        west = tree["west"]
        assert f"?region={west.pk}&amp;month=2026-03\">西村" in township
        assert "尚无档案的村(社区)：空村" in township
        with mock.patch("django.utils.timezone.now", return_value=AFTER_MARCH):
            response = client.get(URL, {"region": west.pk, "month": "2026-03"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "尚未探访（2人）" in html
        assert reverse("workbench:elder_detail", args=[tree["d"].pk]) in html
        assert "<strong>未分配</strong>" in html and "逾期" in html and "上次探访：2026-02-27" in html
        assert tree["d"].phone not in html and tree["d"].masked_phone in html  # masked, as in the file
        assert "民生街道</a>" in html.split("breadcrumbs")[1]  # back up the tree

    def test_call_button_for_the_visitor_only(self, client, tree):
        StaffProfileFactory(user=visitor_of(tree["b"]), region=tree["east"], phone="13977112345")
        client.force_login(county_officer())
        html = client.get(URL, {"region": tree["east"].pk, "month": "2026-03"}).content.decode()
        assert 'href="tel:13977112345"' in html
        assert f"tel:{tree['b'].phone}" not in html

    @pytest.mark.parametrize("region", ["新竹街道", "青秀区", "南宁市", "999999999"])
    def test_other_regions_are_404_and_audited(self, client, tree, region):
        client.force_login(county_officer())
        pk = region_named(region).pk if not region.isdigit() else region
        assert client.get(URL, {"region": pk}).status_code == 404
        if not region.isdigit():
            assert AuditEvent.objects.filter(outcome="denied").latest("pk").detail["attempted"] == \
                "supervision_dashboard"

    @pytest.mark.parametrize("role, region", [("visitor", "民生街道"), ("department_staff", "兴宁区")])
    def test_no_reports_no_page_no_menu(self, client, tree, role, region):
        client.force_login(role_holder(role, region, department="fire_rescue" if role == "department_staff" else None))
        assert client.get(URL).status_code == 404
        assert "监督看板" not in client.get(reverse("workbench:home")).content.decode()

    def test_bad_month(self, client, tree):
        client.force_login(county_officer())
        response = client.get(URL, {"month": "2026-13"})
        assert response.status_code == 400 and "月份" in response.content.decode()

    def test_menu_for_officers(self, client, tree):
        client.force_login(role_holder("township_officer", "民生街道"))
        html = client.get(reverse("workbench:home")).content.decode()
        assert f'href="{URL}"' in html and "监督看板" in html

    def _queries(self, client, region):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"region": region.pk, "month": "2026-03"}).status_code == 200
        return len(queries)

    def test_queries_do_not_grow_with_elders(self, client, tree):
        client.force_login(county_officer())
        county = region_named("兴宁区")
        self._queries(client, county)
        before = self._queries(client, county)
        for n in range(15):
            submitted_visit(assigned_elder(tree["south"], name=f"加{n}"), date(2026, 3, 5))
        assert self._queries(client, county) == before


    def test_a_villages_list_costs_the_same_for_2_rows_as_for_30(self, client, tree):
        client.force_login(county_officer())
        village = tree["south"]
        for n in range(2):
            assigned_elder(village, name=f"未访{n:02d}")
        self._queries(client, village)
        before = self._queries(client, village)
        for n in range(2, 30):
            assigned_elder(village, name=f"未访{n:02d}")
        assert self._queries(client, village) == before
        assert "尚未探访（30人）" in client.get(URL, {"region": village.pk, "month": "2026-03"}).content.decode()


class TestStartPage:
    def test_panel_for_officers(self, tree):
        panels = start_page_panels(county_officer(), now=datetime(2026, 3, 20, tzinfo=UTC))
        assert panels["month"] == MARCH
        (panel,) = panels["panels"]
        assert panel.region == region_named("兴宁区") and len(panel.trend) == 12
        assert counts(panel.trend[-1]) == counted_directly(panel.region, MARCH)
        assert [item.line.label for item in panel.lowest] == ["民生街道", "三塘镇"]

    def test_nothing_for_visitors_and_village_workers(self, tree):
        assert start_page_panels(role_holder("visitor", "民生街道"))["panels"] == []
        assert start_page_panels(role_holder("village_worker", tree["east"]))["panels"] == []

    def test_start_page_shows_it(self, client, tree):
        client.force_login(county_officer())
        html = client.get(reverse("workbench:home")).content.decode()
        assert "dashboard-panel" in html and "<svg" in html and "打开兴宁区监督看板" in html
