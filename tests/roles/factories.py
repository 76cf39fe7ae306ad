"""Factories for staff accounts and their placement in the region tree."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from roles.models import Department, Region, Role, RoleKind, StaffProfile

DEFAULT_PASSWORD = "correct-Horse-7-battery"


def region_named(name, level=None, under=None):
    """An official division by name (the migration loads them all).

    ``level`` and ``under`` (the name of an ancestor) tell apart divisions that share a name,
    e.g. ``region_named("城厢镇", under="武鸣区")``.
    """
    queryset = Region.objects.filter(name=name)
    if level:
        queryset = queryset.filter(level=level)
    if under:
        queryset = queryset.filter(path__contains=f"/{region_named(under).code}/")
    return queryset.get()


class VillageFactory(factory.django.DjangoModelFactory):
    """A 村(社区) under a township; its code extends the township's 9-digit prefix."""

    class Meta:
        model = Region

    parent = factory.LazyFunction(lambda: region_named("民生街道"))
    level = "village"
    name = factory.Sequence(lambda n: f"测试村{n}")
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code[:9]}{200 + n % 800:03d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"工作人员{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.invalid")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffProfileFactory(factory.django.DjangoModelFactory):
    """A staff member placed in a region (default: 兴宁区)."""

    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    region = factory.LazyFunction(lambda: region_named("兴宁区"))


class RoleFactory(factory.django.DjangoModelFactory):
    """A role as administrators define one: ``group_permissions`` and ``region_permissions`` are
    lists of "app.codename" (region ones may be bare codenames of roles.Region)."""

    class Meta:
        model = Role
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"test_role_{n}")
    name = factory.Sequence(lambda n: f"测试角色{n}")
    kind = RoleKind.CIVIL_AFFAIRS
    group = factory.LazyAttribute(lambda o: Group.objects.create(name=o.name))

    @factory.post_generation
    def group_permissions(role, create, extracted, **kwargs):
        role.group.permissions.add(*[_permission(name) for name in extracted or []])

    @factory.post_generation
    def region_permissions(role, create, extracted, **kwargs):
        names = [name if "." in name else f"roles.{name}" for name in extracted or []]
        role.region_permissions.add(*[_permission(name) for name in names])


def _permission(dotted):
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def role_holder(role, region, department=None, **user_fields):
    """A user placed in ``region`` (a Region or an official division's name) with ``role`` (a Role or a code)."""
    role = role if isinstance(role, Role) else Role.objects.get(code=role)
    region = region if isinstance(region, Region) else region_named(region)
    if isinstance(department, str):
        department = Department.objects.get(code=department)
    return StaffProfileFactory(user=UserFactory(**user_fields), role=role, region=region, department=department).user
