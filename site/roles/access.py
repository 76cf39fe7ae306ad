"""Who may see and do what with an elder's file: the one place that answers it.

Scope comes from django-guardian object permissions (see ``roles.permissions``): region
permissions hold in the subtree of the region they were granted on, ``roles.handle_referrals`` on
referrals routed to one's department inside one's region; a visitor reaches the elders of their
current ``registry.Assignment`` (an integer join; ``registry.visit_elder`` mirrors it for guardian).
Superusers get nothing implicitly: system administration is not a licence to read personal data.
Everything fails closed: an unknown user, an inactive one or an empty scope yields no elders, and
``get_elder_or_404`` answers 404 for an elder outside scope exactly as for one that doesn't exist.
"""

from functools import reduce
from operator import or_

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from guardian.models import GroupObjectPermission, UserObjectPermission

from .models import Department, Region, RegionLevel
from .scope import profile_of


class Action:
    """What can be done with an elder's file, and the region permission each needs."""

    VIEW = "view"
    EDIT = "edit"
    EXPORT = "export"
    PRINT = "print"
    REVEAL = "reveal"
    ACCESS_LOG = "access_log"
    ASSIGN = "assign"

    REGION_PERMISSIONS = {
        VIEW: ("roles.view_elders",),
        EDIT: ("roles.manage_elders", "roles.census_elders"),
        EXPORT: ("roles.export_elders",),
        PRINT: ("roles.print_elders",),
        REVEAL: ("roles.reveal_personal_data",),
        ACCESS_LOG: ("roles.view_access_log",),
        ASSIGN: ("roles.assign_visitors",),
    }


def _active(user):
    return getattr(user, "is_authenticated", False) and user.is_active


# Bumped (in this process) whenever object permissions are granted or taken back, so that answers
# memoised on a user object never outlive a change made while that object is alive.
_generation = 0


def permissions_changed():
    global _generation
    _generation += 1


def _memoised(user, key, compute):
    """``compute()``, remembered on the user object (which lives for one request) until a change."""
    cache = user.__dict__.get("_tanfang_access")
    if cache is None or cache["generation"] != _generation:
        cache = user.__dict__["_tanfang_access"] = {"generation": _generation}
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _grants(user):
    """{(model, "app_label.codename"): [objects]}: every region and department ``user`` holds a permission on.

    The object permissions guardian stores (the user's own and those of their groups, as
    ``get_objects_for_user`` reads them without global permissions or superuser powers), read in
    one query, their objects (regions with their parents) fetched by integer key, once a request.
    Guardian's own query compares ``region.id::varchar`` with its text ``object_pk`` across the
    table, once for every permission a page asks about.
    """
    def compute():
        types = ContentType.objects.get_for_models(Region, Department)
        models = {content_type.pk: model for model, content_type in types.items()}
        columns = ("content_type_id", "permission__content_type__app_label", "permission__codename", "object_pk")
        held = Q(content_type__in=models, permission__content_type__in=models)
        rows = (UserObjectPermission.objects.filter(held, user=user).values_list(*columns)
                .union(GroupObjectPermission.objects.filter(held, group__user=user).values_list(*columns)))
        keys = {}
        for type_pk, app_label, codename, object_pk in rows:
            if object_pk.isdigit():
                keys.setdefault(models[type_pk], {}).setdefault(f"{app_label}.{codename}", set()).add(int(object_pk))
        grants = {}
        for model, by_permission in keys.items():
            objects = model.objects.filter(pk__in=set().union(*by_permission.values()))  # default ordering
            objects = list(objects.select_related("parent") if model is Region else objects)
            for permission, pks in by_permission.items():
                grants[model, permission] = [obj for obj in objects if obj.pk in pks]
        return grants

    return _memoised(user, "grants", compute)


def regions_with(user, permission):
    """The regions (a list, by path) on which ``user`` holds ``permission``, each covering its subtree."""
    if not _active(user):
        return []
    return _grants(user).get((Region, permission), [])


def may(user, action):
    """Whether ``user`` may do ``action`` anywhere at all (e.g. to show an export button)."""
    return any(regions_with(user, permission) for permission in Action.REGION_PERMISSIONS[action])


def regions_under(user, permission, queryset=None):
    """``queryset`` (of Region) narrowed to the subtrees where ``user`` holds ``permission``."""
    queryset = Region.objects.all() if queryset is None else queryset
    return queryset.filter(_under_any(regions_with(user, permission), prefix=""))


def _under_any(regions, prefix="village__"):
    if not regions:
        return Q(pk__in=[])
    return reduce(or_, (region.subtree(prefix) for region in regions))


def _elders():
    from registry.models import Elder

    return Elder.objects


def elders_for_action(user, action):
    """Elders on which ``user`` may perform ``action`` by a region permission."""
    permissions = Action.REGION_PERMISSIONS[action]
    regions = [region for permission in permissions for region in regions_with(user, permission)]
    return _elders().filter(_under_any(regions))


def assigned_elders(user):
    """Elders whose current Assignment names ``user`` as the visitor.

    Read from the Assignment's integer keys, not from the ``registry.visit_elder`` object
    permission that mirrors it: guardian stores ``object_pk`` as text, so scoping through it makes
    PostgreSQL compare ``elder.id::varchar`` over the whole register on every visitor page.
    """
    if not _active(user):
        return _elders().none()
    return _elders().assigned_to(user)


def departments_handled_by(user):
    """The departments (a list) whose referrals ``user`` handles, inside the user's own region."""
    if not _active(user):
        return []
    return _grants(user).get((Department, "roles.handle_referrals"), [])


def referred_elders(user):
    """Elders with a referral routed to a department the user handles, inside the user's region."""
    if not _active(user):
        return _elders().none()
    from workflows.models import Referral

    departments = departments_handled_by(user)
    profile = profile_of(user)
    if profile is None or not departments:
        return _elders().none()
    referrals = Referral.objects.open().filter(department__in=departments).filter(
        _under_any([profile.region], "elder__village__"))
    return _elders().filter(pk__in=referrals.values("elder_id"))


def elders_visible_to(user):
    """Every elder ``user`` may open, by region, assignment or referral.

    One condition per way in: the region path test, and EXISTS probes of the current assignment and
    open referrals by elder. Not ``pk IN (subquery)`` alternatives: once the register outgrows
    PostgreSQL's work_mem it re-runs such a subquery for every row (20 minutes for the province's
    count at 1 M elders).
    """
    from registry.models import Assignment
    from workflows.models import Referral

    visible = _under_any([region for permission in Action.REGION_PERMISSIONS[Action.VIEW]
                          for region in regions_with(user, permission)])
    if _active(user):
        visible |= Q(Exists(Assignment.objects.current().filter(elder=OuterRef("pk"), visitor=user)))
        departments, profile = departments_handled_by(user), profile_of(user)
        if departments and profile is not None:
            referrals = Referral.objects.open().filter(department__in=departments, elder=OuterRef("pk"))
            visible |= Q(Exists(referrals.filter(_under_any([profile.region], "elder__village__"))))
    return _elders().filter(visible)


def topmost(regions):
    """``regions`` without those inside another of them, by path: each subtree once."""
    top = []
    for region in sorted(regions, key=lambda region: region.path):
        if not any(region.path.startswith(kept.path) for kept in top):
            top.append(region)
    return top


def visible_elder_count(user):
    """How many 在册 elders ``user`` may open: ``elders_visible_to(user).active().count()``, without
    counting the register.

    The elders of the user's regions are summed from the per-village counts (``registry.register``),
    a few rows however large the region; the few reached otherwise (their assignments, referrals to
    their department) outside those regions are counted from the assignments and referrals.
    """
    from registry import register
    from registry.models import Assignment
    from workflows.models import Referral

    if not _active(user):
        return 0
    regions = topmost([region for permission in Action.REGION_PERMISSIONS[Action.VIEW]
                       for region in regions_with(user, permission)])
    if any(region.is_whole_tree for region in regions):  # no elder is elsewhere
        return register.active_within(regions)
    elsewhere = _elders().active().order_by()
    if regions:
        elsewhere = elsewhere.exclude(_under_any(regions))
    reached = set(elsewhere.filter(pk__in=Assignment.objects.current().filter(visitor=user).values("elder_id"))
                  .values_list("pk", flat=True))
    departments, profile = departments_handled_by(user), profile_of(user)
    if departments and profile is not None:
        referrals = Referral.objects.open().filter(department__in=departments).filter(
            _under_any([profile.region], "elder__village__"))
        reached |= set(elsewhere.filter(pk__in=referrals.values("elder_id")).values_list("pk", flat=True))
    return register.active_within(regions) + len(reached)


def can(user, action, elder):
    """Whether ``user`` may perform ``action`` on ``elder`` by a region permission (no query per elder)."""
    paths = tuple(region.path for permission in Action.REGION_PERMISSIONS[action]
                  for region in regions_with(user, permission))
    return bool(paths) and elder.village.path.startswith(paths)


def sees_id_numbers(user, elder):
    """Whether ``user`` sees ``elder``'s ID numbers at all: staff reaching the elder by region, masked
    unless revealed with a reason. Visitors and departments see none, in no page, form, PDF or export."""
    return can(user, Action.VIEW, elder)


def relation_to(user, elder):
    """How ``user`` reaches ``elder``: "region", "assigned", "referral" or None. Decides what they see."""
    if can(user, Action.VIEW, elder):
        return "region"
    if assigned_elders(user).filter(pk=elder.pk).exists():
        return "assigned"
    if referred_elders(user).filter(pk=elder.pk).exists():
        return "referral"
    return None


def get_elder_or_404(user, pk, action=Action.VIEW):
    """The elder ``pk`` if ``user`` may perform ``action`` on it; otherwise 404, never 403.

    ``Action.VIEW`` accepts every way of reaching the elder; other actions need their region
    permission. The caller records a denied access (audit) when this raises.
    """
    queryset = elders_visible_to(user) if action == Action.VIEW else elders_for_action(user, action)
    elder = queryset.filter(pk=pk).first() if str(pk).isdigit() else None
    if elder is None:
        raise Http404
    return elder


# ---------------------------------------------------------------------- visit records


def visit_records_open_to(user):
    """The visit records ``user`` may open: the one rule for listing and opening them.

    Of the elders the user may see: every record of those whose file they may edit (township and
    village staff), the submitted records of those they may view by region (county and up), and
    their own records. So an assigned visitor opens the records they made, department staff
    (referrals) none of theirs.
    """
    from forms.choices import RecordStatus
    from forms.models import VisitRecord

    if not _active(user):
        return VisitRecord.objects.none()
    mine_or_editable = Q(created_by=user) | Q(elder__in=elders_for_action(user, Action.EDIT).values("pk"))
    submitted_in_view = Q(status=RecordStatus.SUBMITTED, elder__in=elders_for_action(user, Action.VIEW).values("pk"))
    return VisitRecord.objects.filter(elder__in=elders_visible_to(user).values("pk")).filter(
        mine_or_editable | submitted_in_view)


def can_open_record(user, record):
    """Whether ``user`` may open visit record ``record`` (workbench and print alike); else 404.

    ``visit_records_open_to``'s rule decided for one record with its elder and village at hand: no
    query when the caller's regions decide, else the probes of ``relation_to`` (assignment, referral).
    Building and compiling that queryset cost a visit submission a fifth of its time;
    tests/roles/test_record_access.py holds the two equal for every kind of caller and record.
    """
    from forms.choices import RecordStatus

    if not _active(user):
        return False
    elder = record.elder
    allowed = (record.created_by_id == user.pk or can(user, Action.EDIT, elder)
               or (record.status == RecordStatus.SUBMITTED and can(user, Action.VIEW, elder)))
    return allowed and relation_to(user, elder) is not None


def may_print_record(user, record):
    """Whether ``user``, who may open ``record``, may also print it.

    Drafts print for their creator only. A submitted record prints for its creator (the visitor
    who wrote it) and for staff holding the print right on the elder.
    """
    if record.created_by_id == user.pk:
        return True
    return record.is_submitted and can(user, Action.PRINT, record.elder)


def townships_for_bulk_print(user):
    """Townships whose month of visit records ``user`` may print in one batch.

    A batch hands out a whole township's records at once, so it takes both the print and the
    export right over the township: township staff for their own, county and above for every
    township under them.
    """
    townships = Region.objects.of_level(RegionLevel.TOWNSHIP)
    for action in (Action.PRINT, Action.EXPORT):
        regions = [region for permission in Action.REGION_PERMISSIONS[action]
                   for region in regions_with(user, permission)]
        townships = townships.filter(_under_any(regions, prefix=""))
    return townships


def may_print_any_batch(user):
    """Whether ``townships_for_bulk_print(user)`` holds any township: without a query when a region
    the user holds both rights over is itself a township (township officers), one otherwise."""
    printing, exporting = ([region for permission in Action.REGION_PERMISSIONS[action]
                            for region in regions_with(user, permission)] for action in (Action.PRINT, Action.EXPORT))
    for one in printing:
        for other in exporting:
            inner = one if one.path.startswith(other.path) else other if other.path.startswith(one.path) else None
            if inner is not None and inner.level == RegionLevel.TOWNSHIP:
                return True
    return bool(printing and exporting) and townships_for_bulk_print(user).exists()
