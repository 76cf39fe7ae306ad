"""The monthly visit rate (月探访率): numbers on a known dataset, its screen and the start page card."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from roles.models import Region
from supervision.panels import start_page_panels
from tests.roles.factories import role_holder
from workflows import rollup
from workflows.visit_rate import elders_listed, visit_rate

from .visit_factories import assigned_elder, submitted_visit, village_in

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
URL = reverse("workflows:visit_rate")


@pytest.fixture
def dataset():
    """In 民生街道 (兴宁区): two villages, six elders due in March 2026, two of them visited, one of
    them (戊) without a visitor since February, one (癸) who died during March (still due for it).

    Plus, not due: one who died in February, one who declined visits (壬, counted apart); in
    三塘镇 (兴宁区) one due elder not visited; in 新竹街道 (青秀区) one visited elder.
    """
    east, west = village_in("民生街道", "东村"), village_in("民生街道", "西村")
    elders = {
        "a": assigned_elder(east, categories=["disabled"], name="甲"),
        "b": assigned_elder(east, categories=["empty_nest"], name="乙"),
        "c": assigned_elder(west, categories=["living_alone", "disabled"], name="丙"),
        "d": assigned_elder(west, categories=["empty_nest"], name="丁"),
        "unassigned": assigned_elder(west, name="戊"),
        "deceased": assigned_elder(west, name="己", status="deceased", status_date=date(2026, 2, 20)),
        "declined": assigned_elder(east, name="壬", consents_to_visits=False),
        "died_in_march": assigned_elder(west, name="癸", status="deceased", status_date=date(2026, 3, 10)),
        "santang": assigned_elder(village_in("三塘镇"), name="庚"),
        "xinzhu": assigned_elder(village_in("新竹街道"), name="辛"),
    }
    elders["unassigned"].assignments.update(end_date=date(2026, 2, 1))
    submitted_visit(elders["a"], date(2026, 3, 1))
    submitted_visit(elders["c"], date(2026, 3, 31))
    submitted_visit(elders["c"], date(2026, 3, 5))
    submitted_visit(elders["d"], date(2026, 2, 28))  # February's visit does not count for March
    submitted_visit(elders["d"], date(2026, 4, 1))  # nor April's
    submitted_visit(elders["declined"], date(2026, 3, 3))  # nor a visit to someone who declined
    submitted_visit(elders["xinzhu"], date(2026, 3, 15))
    return elders


def _lines(lines):
    return {line.label: (line.due, line.visited, line.rate) for line in lines}


def _names(region, month, kind):
    elders, _ = elders_listed(region, month, kind)
    return [elder.name for elder in elders]


class TestNumbers:
    def test_township(self, dataset):
        township = Region.objects.get(name="民生街道")
        report = visit_rate(township, MARCH)
        total = report.total
        assert (total.due, total.visited, total.rate, total.unassigned, total.declined) == (6, 2, 33.3, 1, 1)
        assert _lines(report.by_child) == {"东村": (2, 1, 50.0), "西村": (4, 1, 25.0)}
        categories = _lines(report.by_category)
        assert categories["失能"] == (2, 2, 100.0)
        assert categories["空巢"] == (4, 0, 0.0)
        assert categories["独居"] == (1, 1, 100.0)
        assert categories["重残"] == (0, 0, None)
        assert _names(township, MARCH, "not_visited") == sorted(["乙", "丁", "戊", "癸"])
        assert _names(township, MARCH, "unassigned") == ["戊"]
        assert _names(township, MARCH, "declined") == ["壬"]

    def test_county_drills_down_by_township(self, dataset):
        report = visit_rate(Region.objects.get(name="兴宁区"), MARCH)
        assert (report.total.due, report.total.visited) == (7, 2)
        children = _lines(report.by_child)
        assert children["民生街道"] == (6, 2, 33.3)
        assert children["三塘镇"] == (1, 0, 0.0)
        assert sum(due for due, _, _ in children.values()) == 7

    def test_overdue_once_the_grace_period_is_over(self, dataset):
        township = Region.objects.get(name="民生街道")
        assert visit_rate(township, MARCH, now=datetime(2026, 4, 2, tzinfo=UTC)).total.overdue == 0
        assert visit_rate(township, MARCH, now=datetime(2026, 4, 5, tzinfo=UTC)).total.overdue == 4

    def test_a_few_queries_whatever_the_size(self, dataset, django_assert_max_num_queries):
        region = Region.objects.get(name="兴宁区")
        rollup.ensure_built(MARCH)
        with django_assert_max_num_queries(12):
            visit_rate(region, MARCH)
            elders_listed(region, MARCH)


class TestScreen:
    def test_county_officer_sees_a_township_in_the_county(self, client, dataset):
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        township = Region.objects.get(name="民生街道")
        response = client.get(URL, {"region": township.pk, "month": "2026-03"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "已探访 2 / 应探访 6" in html and "33.3%" in html
        assert reverse("workbench:elder_detail", args=[dataset["b"].pk]) in html
        assert dataset["a"].name not in html.split("尚未探访")[1]
        assert "东村" in html and "返回上级：兴宁区" in html

    def test_names_are_listed_from_the_township_down(self, client, dataset):
        """Above a township no names (a drill-down, not a sort of the county's register by name)."""
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        county = Region.objects.get(name="兴宁区")
        html = client.get(URL, {"region": county.pk, "month": "2026-03"}).content.decode()
        assert "名单按乡镇(街道)列出" in html
        assert reverse("workbench:elder_detail", args=[dataset["b"].pk]) not in html

    def test_export_has_the_page_numbers(self, client, dataset):
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        township = Region.objects.get(name="民生街道")
        response = client.get(reverse("workflows:visit_rate_export"), {"region": township.pk, "month": "2026-03"})
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        lines = response.content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("范围,名称,应探访,已探访")
        assert "合计,民生街道,6,2,33.3,1,1," in lines[1]
        assert any(line.startswith("下级区域,西村,4,1,25.0,1,0") for line in lines)
        other = Region.objects.get(name="新竹街道")
        assert client.get(reverse("workflows:visit_rate_export"), {"region": other.pk}).status_code == 404

    def test_defaults_to_own_region_and_this_month(self, client, dataset):
        client.force_login(role_holder("township_officer", "民生街道"))
        response = client.get(URL)
        assert response.status_code == 200 and response.context["region"].name == "民生街道"
        assert "返回上级" not in response.content.decode()
        # The month picker shows the month the page is about, not an empty "--------- ----".
        assert f'value="{response.context["report"].month:%Y-%m}"' in response.content.decode()

    def test_bad_month(self, client, dataset):
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        response = client.get(URL, {"month": "2026-3x"})
        assert response.status_code == 400
        assert "月份格式不正确，请按“2024-05”的格式填写。" in response.content.decode()

    @pytest.mark.parametrize("region", ["新竹街道", "青秀区", "南宁市", "999999999"])
    def test_other_regions_are_404(self, client, dataset, region):
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        pk = Region.objects.get(name=region).pk if not region.isdigit() else region
        assert client.get(URL, {"region": pk, "month": "2026-03"}).status_code == 404

    @pytest.mark.parametrize("role, region", [("visitor", "民生街道"), ("department_staff", "兴宁区")])
    def test_no_reports_no_page(self, client, dataset, role, region):
        user = role_holder(role, region, department="fire_rescue" if role == "department_staff" else None)
        client.force_login(user)
        assert client.get(URL).status_code == 404

    def test_anonymous_goes_to_login(self, client):
        assert client.get(URL).status_code == 302


class TestRateCard:
    def test_summary_for_officers(self, dataset):
        cache.clear()
        summary = start_page_panels(role_holder("county_civil_affairs", "兴宁区"))
        assert [line.label for line in summary["lines"]] == ["兴宁区"]
        assert summary["lines"][0].obj == Region.objects.get(name="兴宁区")
        rate = visit_rate(Region.objects.get(name="兴宁区"), summary["month"])
        assert (summary["lines"][0].due, summary["lines"][0].visited) == (rate.total.due, rate.total.visited)

    def test_nothing_for_visitors_and_village_workers(self, dataset):
        assert start_page_panels(role_holder("visitor", "民生街道"))["lines"] == []
        assert start_page_panels(role_holder("village_worker", dataset["a"].village))["lines"] == []

    def test_card_renders(self, dataset):
        from django.template.loader import render_to_string

        cache.clear()
        user = role_holder("township_officer", "民生街道")
        html = render_to_string("workflows/visits/rate_card.html", {"summary": start_page_panels(user)})
        assert "探访率" in html and "民生街道" in html and f"?region={Region.objects.get(name='民生街道').pk}" in html

    def test_start_page_shows_the_card_to_officers_only(self, client, dataset):
        cache.clear()
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        assert "探访率" in client.get(reverse("workbench:home")).content.decode()
        client.force_login(role_holder("visitor", "民生街道"))
        assert "探访率" not in client.get(reverse("workbench:home")).content.decode()


class TestQueriesPerPage:
    """The rate page and its lists cost the same number of queries for 10 elders as for 200."""

    def _queries(self, client, query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, query)
        assert response.status_code == 200
        return len(queries)

    def _township(self, client, name, size, declined=False):
        village = village_in(name, "东村")
        for n in range(size):
            elder = assigned_elder(village, name=f"老人{n:03d}", consents_to_visits=not (declined and n % 3 == 0))
            if n % 2:
                submitted_visit(elder, date(2026, 3, 10))
            if n % 4 == 0:
                elder.assignments.update(end_date=date(2026, 2, 1))
        client.force_login(role_holder("county_civil_affairs", "兴宁区"))
        query = {"region": Region.objects.get(name=name).pk, "month": "2026-03"}
        assert client.get(URL, query).status_code == 200  # builds March's rollup once
        return query

    @pytest.mark.parametrize("kind", ["not_visited", "unassigned", "declined"])
    def test_constant(self, client, kind):
        small = self._township(client, "民生街道", 10, declined=True)
        large = self._township(client, "三塘镇", 200, declined=True)
        assert self._queries(client, {**small, "list": kind}) == self._queries(client, {**large, "list": kind})

    def test_next_page_costs_one_query_more(self, client):
        query = self._township(client, "三塘镇", 120)
        _, after = elders_listed(Region.objects.get(name="三塘镇"), MARCH)
        assert after is not None
        assert self._queries(client, {**query, "after": after}) == self._queries(client, query) + 1



class TestRatePageQueries:
    """The rate page costs the same queries for a bigger register and more regions, at every level."""

    # Session, user, two-factor device, grants and their regions, the rollup's sums, categories and
    # child regions, the audit row, the task menu and the session save; a township adds its list.
    MOST = {"province_civil_affairs": 16, "county_civil_affairs": 16, "township_officer": 22}

    def _queries(self, client, query):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL, query)
        assert response.status_code == 200
        return len(queries)

    @pytest.mark.parametrize("role, region", [("province_civil_affairs", "广西壮族自治区"),
                                              ("county_civil_affairs", "兴宁区"), ("township_officer", "民生街道")])
    def test_constant_in_regions_and_elders(self, client, dataset, role, region):
        client.force_login(role_holder(role, region))
        query = {"region": Region.objects.get(name=region).pk, "month": "2026-03"}
        assert client.get(URL, query).status_code == 200  # builds March's rollup once
        small = self._queries(client, query)
        for index in range(9):
            village = village_in(("民生街道", "三塘镇", "新竹街道")[index % 3])
            for n in range(3):
                elder = assigned_elder(village, name=f"新{index}{n}")
                if n:
                    submitted_visit(elder, date(2026, 3, 10))
        assert self._queries(client, query) == small <= self.MOST[role]
