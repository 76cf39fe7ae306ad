"""Demo villages and staff accounts, one per role of the plan."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from roles.models import Department, Region, RegionLevel

DEMO_PASSWORD = "tanfang-demo"

# (county code, township code, [(village code, village name), ...])
DEMO_VILLAGES = [
    ("450110000000", "450110100000", [("450110100201", "新联村"), ("450110100202", "太平村"),
                                      ("450110100001", "城东社区")]),
    ("450110000000", "450110103000", [("450110103201", "伊岭村"), ("450110103202", "平陆村")]),
    ("450102000000", "450102101000", [("450102101201", "四塘村"), ("450102101202", "那况村")]),
    ("450102000000", "450102102000", [("450102102201", "五塘村"), ("450102102202", "西云村")]),
]

# username -> (display name, group, region code, department code or None)
DEMO_ACCOUNTS = {
    "province": ("覃自治区民政", "自治区民政管理员", "450000000000", None),
    "city": ("黄南宁市民政", "市级民政管理员", "450100000000", None),
    "county": ("韦武鸣区民政", "县级民政管理员", "450110000000", None),
    "township": ("陆城厢镇干部", "乡镇(街道)工作人员", "450110100000", None),
    "village": ("蒙新联村委", "村(社区)工作人员", "450110100201", None),
    "volunteer": ("莫志愿者", "探访人员", "450110100201", None),
    "health": ("梁卫健局", "部门工作人员", "450110000000", "health"),
    "fire": ("潘消防大队", "部门工作人员", "450110000000", "fire_rescue"),
    "disabled_fed": ("卢残联", "部门工作人员", "450110000000", "disabled_federation"),
}


def ensure_villages():
    """Create the demo villages under their official townships; return them in file order."""
    villages = []
    for _, township_code, village_rows in DEMO_VILLAGES:
        township = Region.objects.get(code=township_code)
        for code, name in village_rows:
            village, _ = Region.objects.get_or_create(
                code=code, defaults={"name": name, "level": RegionLevel.VILLAGE, "parent": township}
            )
            villages.append(village)
    return villages


def _ensure_user(username, **fields):
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults=fields)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def ensure_accounts():
    """Create the superuser ``admin`` and one account per role; return them by username."""
    from roles.models import StaffProfile

    province = Region.objects.get(code="450000000000")
    accounts = {"admin": _ensure_user("admin", first_name="系统管理员", is_staff=True, is_superuser=True)}
    StaffProfile.objects.get_or_create(user=accounts["admin"], defaults={"region": province})
    for username, (display_name, group_name, region_code, department_code) in DEMO_ACCOUNTS.items():
        user = _ensure_user(username, first_name=display_name)
        user.groups.add(Group.objects.get(name=group_name))
        StaffProfile.objects.get_or_create(
            user=user,
            defaults={
                "region": Region.objects.get(code=region_code),
                "department": Department.objects.get(code=department_code) if department_code else None,
                "title": group_name,
            },
        )
        accounts[username] = user
    return accounts
