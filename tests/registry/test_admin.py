"""The 老年人登记 back office: list, filters, search, scope, create and edit through the admin views.

Personas: a superuser; a county officer of 兴宁区 (can see and edit 兴宁区's elders); a colleague
of the same county with view permission only; an officer of 青秀区 (must get 404 on 兴宁区's).
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from registry.dates import china_today
from registry.models import Category, Elder
from tests.registry.factories import ElderFactory, HouseholdMemberFactory, elder_form_data
from tests.roles.factories import (
    DEFAULT_PASSWORD,
    RoleFactory,
    UserFactory,
    VillageFactory,
    region_named,
    role_holder,
)

pytestmark = pytest.mark.django_db

INDEX_URL = "registry_elder_modeladmin_index"


def url(action, elder=None):
    name = f"registry_elder_modeladmin_{action}"
    return reverse(name, args=[elder.pk]) if elder else reverse(name)


# What the old model-wide permissions meant, as region permissions on the officer's own region.
REGION_PERMISSION_FOR = {"view_elder": "view_elders", "add_elder": "manage_elders", "change_elder": "manage_elders",
                         "delete_elder": "manage_elders"}


def officer_of(region_name, *codenames):
    """A back-office account placed in ``region_name`` whose role may open the admin and do ``codenames``.

    The standard county role only reads; a county that registers elders centrally gives its role
    ``manage_elders`` too, as administrators may.
    """
    role = RoleFactory(group_permissions=["wagtailadmin.access_admin"],
                       region_permissions=sorted({REGION_PERMISSION_FOR[codename] for codename in codenames}))
    return role_holder(role, region_named(region_name))


def logged_in(client, user):
    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    return client


@pytest.fixture
def county_officer():
    return officer_of("兴宁区", "view_elder", "add_elder", "change_elder")


@pytest.fixture
def xingning_elder():
    return ElderFactory(name="农秀兰", categories=["living_alone"])


@pytest.fixture
def qingxiu_elder():
    return ElderFactory(name="覃德明", village=VillageFactory(parent=region_named("新竹街道")))


class TestList:
    def test_province_officer_sees_every_elder_with_masked_id_numbers(self, client, xingning_elder, qingxiu_elder):
        province = role_holder("province_civil_affairs", "广西壮族自治区")
        response = logged_in(client, province).get(reverse(INDEX_URL))
        html = response.content.decode()
        assert response.status_code == 200
        assert "农秀兰" in html and "覃德明" in html
        for elder in (xingning_elder, qingxiu_elder):
            assert elder.masked_id_number in html
            assert elder.id_number not in html
        assert "民生街道" in html and "独居" in html and "在册" in html

    def test_county_officer_sees_only_the_county(self, client, county_officer, xingning_elder, qingxiu_elder):
        html = logged_in(client, county_officer).get(reverse(INDEX_URL)).content.decode()
        assert "农秀兰" in html
        assert "覃德明" not in html and qingxiu_elder.masked_id_number not in html

    def test_query_count_does_not_grow_with_rows(self, client, county_officer, django_assert_max_num_queries):
        client = logged_in(client, county_officer)
        ElderFactory.create_batch(2, categories=["living_alone", "disabled"])
        with django_assert_max_num_queries(40) as few:
            client.get(reverse(INDEX_URL))
        for _ in range(12):
            elder = ElderFactory(village=VillageFactory(parent=region_named("三塘镇")),
                                 categories=["empty_nest", "left_behind"])
            HouseholdMemberFactory(elder=elder)
        with django_assert_max_num_queries(len(few.captured_queries)):
            response = client.get(reverse(INDEX_URL))
        assert response.content.decode().count("data-object-pk") == 14

    def test_list_needs_the_region_permission(self, client, xingning_elder):
        officer = officer_of("兴宁区")  # can open the admin, nothing else
        response = logged_in(client, officer).get(reverse(INDEX_URL))
        assert "农秀兰" not in response.content.decode()

    def test_superuser_reads_no_personal_data_by_being_superuser(self, client, xingning_elder):
        admin = UserFactory(is_superuser=True, is_staff=True)
        response = logged_in(client, admin).get(reverse(INDEX_URL), follow=True)
        assert "农秀兰" not in response.content.decode()
        assert xingning_elder.masked_id_number not in response.content.decode()

    def test_ad_hoc_lookups_in_the_query_string_are_ignored(self, client, county_officer, xingning_elder):
        client = logged_in(client, county_officer)
        probe = {"id_number__startswith": "9999"}
        assert "农秀兰" in client.get(reverse(INDEX_URL), probe).content.decode()


class TestFiltersAndSearch:
    @pytest.fixture
    def santang_elder(self):
        return ElderFactory(name="蒙春花", village=VillageFactory(parent=region_named("三塘镇")),
                            categories=["disabled"], status="deceased", status_date=china_today(),
                            status_reason="病故")

    def get_html(self, client, user, **params):
        response = logged_in(client, user).get(reverse(INDEX_URL), params, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    def test_county_officer_is_offered_own_county_and_its_townships_only(self, client, county_officer,
                                                                         xingning_elder, qingxiu_elder):
        html = self.get_html(client, county_officer)
        assert "三塘镇" in html and "兴宁区" in html
        assert "青秀区" not in html and "新竹街道" not in html

    def test_township_filter(self, client, county_officer, xingning_elder, santang_elder):
        html = self.get_html(client, county_officer, township=region_named("三塘镇").code)
        assert "蒙春花" in html and "农秀兰" not in html

    def test_county_filter_outside_scope_shows_nothing(self, client, county_officer, xingning_elder,
                                                       qingxiu_elder):
        html = self.get_html(client, county_officer, county=region_named("青秀区").code)
        assert "覃德明" not in html and "农秀兰" not in html

    def test_province_officer_filters_by_county(self, client, xingning_elder, qingxiu_elder):
        province = role_holder("province_civil_affairs", "广西壮族自治区")
        html = self.get_html(client, province, county=region_named("青秀区").code)
        assert "覃德明" in html and "农秀兰" not in html
        assert "新竹街道" in html  # the chosen county's townships are offered

    def test_category_and_status_filters(self, client, county_officer, xingning_elder, santang_elder):
        html = self.get_html(client, county_officer, category="disabled")
        assert "蒙春花" in html and "农秀兰" not in html
        html = self.get_html(client, county_officer, status="active")
        assert "农秀兰" in html and "蒙春花" not in html

    def test_search_by_name(self, client, county_officer, xingning_elder, santang_elder):
        html = self.get_html(client, county_officer, q="秀兰")
        assert "农秀兰" in html and "蒙春花" not in html

    def test_search_by_full_id_number(self, client, county_officer, xingning_elder, santang_elder):
        html = self.get_html(client, county_officer, q=santang_elder.id_number)
        assert "蒙春花" in html and "农秀兰" not in html

    def test_search_by_id_number_with_lowercase_x(self, client, county_officer, xingning_elder):
        ElderFactory(name="陆秀珍", id_number="45010219491231007X")
        html = self.get_html(client, county_officer, q=" 45010219491231007x ")
        assert "陆秀珍" in html and "农秀兰" not in html

    def test_partial_id_number_finds_nothing(self, client, county_officer, xingning_elder):
        html = self.get_html(client, county_officer, q=xingning_elder.id_number[:14])
        assert "农秀兰" not in html

    def test_search_by_id_number_leaves_it_in_no_url(self, client, county_officer, xingning_elder, santang_elder):
        number = santang_elder.id_number
        client = logged_in(client, county_officer)
        assert 'method="post"' in client.get(reverse(INDEX_URL)).content.decode()
        for response in (client.post(reverse(INDEX_URL), {"q": f"{number[:6]} {number[6:]}"}),
                         client.get(reverse(INDEX_URL), {"q": number})):
            assert response.status_code == 302 and "?s=" in response.url
            assert number[:6] not in response.url and number[-4:] not in response.url
            html = client.get(response.url).content.decode()
            assert "蒙春花" in html and "农秀兰" not in html
            assert f"q={number}" not in html  # nor in the pages' links

    def test_search_cannot_reach_another_county(self, client, county_officer, qingxiu_elder):
        html = self.get_html(client, county_officer, q=qingxiu_elder.id_number)
        assert "覃德明" not in html


class TestOutsiderGets404:
    @pytest.mark.parametrize("action", ["edit", "inspect", "delete", "history"])
    def test_other_county_cannot_open_the_elder(self, client, qingxiu_elder, action):
        officer = officer_of("兴宁区", "view_elder", "change_elder", "delete_elder")
        response = logged_in(client, officer).get(url(action, qingxiu_elder))
        assert response.status_code == 404
        assert "覃德明" not in response.content.decode()

    def test_other_county_cannot_post_an_edit(self, client, county_officer, qingxiu_elder):
        data = elder_form_data(qingxiu_elder.village, name="改名", id_number=qingxiu_elder.id_number)
        response = logged_in(client, county_officer).post(url("edit", qingxiu_elder), data)
        assert response.status_code == 404
        qingxiu_elder.refresh_from_db()
        assert qingxiu_elder.name == "覃德明"

    def test_account_without_profile_gets_404(self, client, xingning_elder):
        user = UserFactory()
        user.groups.add(RoleFactory(group_permissions=["wagtailadmin.access_admin", "registry.change_elder"]).group)
        assert logged_in(client, user).get(url("edit", xingning_elder)).status_code == 404


class TestInspectAndEdit:
    def test_inspect_shows_masked_values(self, client, county_officer, xingning_elder):
        HouseholdMemberFactory(elder=xingning_elder, name="农小红")
        response = logged_in(client, county_officer).get(url("inspect", xingning_elder))
        html = response.content.decode()
        assert response.status_code == 200
        assert xingning_elder.masked_id_number in html and xingning_elder.id_number not in html
        assert "农小红" in html and "民生街道" in html

    def test_edit_form_opens_for_the_county_officer(self, client, county_officer, xingning_elder):
        response = logged_in(client, county_officer).get(url("edit", xingning_elder))
        html = response.content.decode()
        assert response.status_code == 200
        for heading in ("一、探访对象基本情况", "二、家庭基本情况", "三、家庭生活条件", "四、已享受帮扶情况"):
            assert heading in html
        # ID numbers masked in the edit form too, the household's included (issue 9, item 1).
        assert xingning_elder.masked_id_number in html and not re.search(r"\d{17}[\dXx]", html)

    def test_view_only_colleague_cannot_edit(self, client, xingning_elder):
        viewer = officer_of("兴宁区", "view_elder")
        response = logged_in(client, viewer).get(url("edit", xingning_elder))
        assert response.status_code in (302, 403)


class TestCreate:
    def test_successful_create(self, client, county_officer):
        village = VillageFactory(parent=region_named("三塘镇"))
        response = logged_in(client, county_officer).post(url("create"), elder_form_data(village))
        assert response.status_code == 302, response.context["form"].errors
        elder = Elder.objects.get(name="黄桂芳")
        assert (elder.sex, elder.birth_date, elder.village) == ("female", date(1946, 7, 9), village)
        assert elder.phone == "13807712345"
        assert elder.assistance_providers == ["township_village", "volunteer"]
        assert [c.code for c in elder.categories.all()] == ["living_alone"]
        assert [m.name for m in elder.household_members.all()] == ["黄小明"]

    def test_bad_id_number_shows_the_message_and_keeps_the_other_values(self, client, county_officer):
        village = VillageFactory()
        data = elder_form_data(village, id_number="45010219460709248")
        response = logged_in(client, county_officer).post(url("create"), data)
        assert response.status_code == 200
        form = response.context["form"]
        assert list(form.errors) == ["id_number"]
        assert "公民身份号码应为18位，当前为17位。" in form.errors["id_number"]
        html = response.content.decode()
        assert "公民身份号码应为18位，当前为17位。" in html
        assert 'value="黄桂芳"' in html and 'value="李村医"' in html and "黄小明" in html
        assert not Elder.objects.exists()

    def test_duplicate_names_no_place(self, client, county_officer, qingxiu_elder):
        data = elder_form_data(VillageFactory(), id_number=qingxiu_elder.id_number)
        response = logged_in(client, county_officer).post(url("create"), data)
        assert response.context["form"].errors["id_number"] == [
            "该公民身份号码已登记，不能重复登记。如需核实，请联系县级民政部门。"]
        assert "覃德明" not in response.content.decode()

    def test_several_bad_fields_each_get_their_message(self, client, county_officer):
        data = elder_form_data(VillageFactory(), phone="12345", categories=[], monthly_income="-5",
                               first_contact_relation="neighbour", status="moved_away")
        form = logged_in(client, county_officer).post(url("create"), data).context["form"]
        assert form.errors["phone"][0].startswith("请输入有效的手机号码")
        assert form.errors["categories"] == ["请至少选择一个对象类别。"]
        assert form.errors["monthly_income"] == ["金额不能为负数。"]
        assert "子女" in form.errors["first_contact_relation"][0]
        assert "status_date" in form.errors and "status_reason" in form.errors

    def test_severely_handicapped_without_disability(self, client, county_officer):
        severe = Category.objects.get(code="severely_handicapped")
        data = elder_form_data(VillageFactory(), categories=[severe.pk])
        form = logged_in(client, county_officer).post(url("create"), data).context["form"]
        assert form.errors["is_disabled"] == ["对象类别含“重残”时，“是否残疾”应为“是”。"]

    def test_village_outside_the_county_is_not_offered_nor_accepted(self, client, county_officer):
        outside = VillageFactory(parent=region_named("新竹街道"), name="外县村")
        client = logged_in(client, county_officer)
        assert "外县村" not in client.get(url("create")).content.decode()
        form = client.post(url("create"), elder_form_data(outside)).context["form"]
        assert list(form.errors) == ["village"]


def test_admin_pages_with_personal_data_are_never_cached(client, county_officer, xingning_elder):
    client = logged_in(client, county_officer)
    for name, args in ((INDEX_URL, []), ("registry_elder_modeladmin_inspect", [xingning_elder.pk])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]


def test_back_office_views_are_audited(client, county_officer, xingning_elder, qingxiu_elder):
    from audit.models import AuditEvent

    client = logged_in(client, county_officer)
    client.get(reverse(INDEX_URL))
    client.get(url("inspect", xingning_elder))
    client.get(url("edit", qingxiu_elder))
    events = AuditEvent.objects.filter(username=county_officer.username)
    assert events.filter(action="list", detail__rows=1).exists()
    assert events.filter(action="view", object_id=str(xingning_elder.pk)).exists()
    assert events.filter(action="denied", object_id=str(qingxiu_elder.pk), outcome="denied").exists()


def test_back_office_carries_the_tanfang_name(client, county_officer):
    html = logged_in(client, county_officer).get(reverse(INDEX_URL)).content.decode()
    assert "探访关爱后台" in html and "- Wagtail</title>" not in html
    client.logout()
    assert "登录探访关爱后台" in client.get("/admin/login/").content.decode()
