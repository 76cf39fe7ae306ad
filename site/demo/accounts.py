"""Demo villages and staff accounts, one per role of the plan."""

from django.contrib.auth import get_user_model

from roles.models import Department, Region, RegionLevel, Role, StaffProfile

DEMO_PASSWORD = "tanfang-demo"

# (county code, township code, [(village code, village name), ...])
DEMO_VILLAGES = [
    ("450110000000", "450110100000", [("450110100201", "新联村"), ("450110100202", "太平村"),
                                      ("450110100001", "城东社区")]),
    ("450110000000", "450110103000", [("450110103201", "伊岭村"), ("450110103202", "平陆村")]),
    ("450102000000", "450102101000", [("450102101201", "四塘村"), ("450102101202", "那况村")]),
    ("450102000000", "450102102000", [("450102102201", "五塘村"), ("450102102202", "西云村")]),
]

# username -> (display name, role code, region code, department code or None)
DEMO_ACCOUNTS = {
    "province": ("覃自治区民政", "province_civil_affairs", "450000000000", None),
    "city": ("黄南宁市民政", "city_civil_affairs", "450100000000", None),
    "county": ("韦武鸣区民政", "county_civil_affairs", "450110000000", None),
    "township": ("陆城厢镇干部", "township_officer", "450110100000", None),
    "village": ("蒙新联村委", "village_worker", "450110100201", None),
    "volunteer": ("莫志愿者", "visitor", "450110100201", None),
    "health": ("梁卫健局", "department_staff", "450110000000", "health"),
    "fire": ("潘消防大队", "department_staff", "450110000000", "fire_rescue"),
    "disabled_fed": ("卢残联", "department_staff", "450110000000", "disabled_federation"),
    "editor": ("甘网站编辑", "cms_editor", "450000000000", None),
    "security": ("石安全管理员", "security_admin", "450000000000", None),
    "auditor": ("雷审计管理员", "audit_admin", "450000000000", None),
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


def _place(user, role_code, region_code, department_code=None):
    role = Role.objects.get(code=role_code)
    StaffProfile.objects.update_or_create(user=user, defaults={
        "role": role,
        "region": Region.objects.get(code=region_code),
        "department": Department.objects.get(code=department_code) if department_code else None,
        "title": role.name,
    })


def ensure_accounts():
    """Create the superuser ``admin`` (系统管理员) and one account per role; return them by username."""
    accounts = {"admin": _ensure_user("admin", first_name="系统管理员", is_staff=True, is_superuser=True)}
    _place(accounts["admin"], "system_admin", "450000000000")
    for username, (display_name, role_code, region_code, department_code) in DEMO_ACCOUNTS.items():
        accounts[username] = _ensure_user(username, first_name=display_name)
        _place(accounts[username], role_code, region_code, department_code)
    return accounts
