"""300 invented elders in the demo villages, every category and situation of the plan represented."""

import datetime
from decimal import Decimal

from registry import choices
from registry.id_numbers import build_id_number
from registry.models import Assignment, Category, Elder, HouseholdMember

from .people import DISEASES, HEALTH, PeopleGenerator

ELDER_COUNT = 300
# Category codes with how often each is drawn; the first six elders take one each, in order.
CATEGORY_WEIGHTS = {
    "empty_nest": 35, "living_alone": 25, "left_behind": 15, "disabled": 12,
    "family_planning_special": 7, "severely_handicapped": 6,
}
FIRST_REGISTRATION = datetime.date(2024, 1, 8)
LAST_REGISTRATION = datetime.date(2026, 10, 30)
BENEFIT_NOTES = ["城乡居民基本养老保险", "高龄津贴", "低保金", "特困供养金", "残疾人两项补贴", "企业职工养老金"]
MEASURES = ["定期上门走访，帮助代购生活用品", "协助申请临时救助", "组织志愿者打扫卫生", "联系家庭医生上门巡诊",
            "安装独立式感烟火灾探测报警器", "协助办理高龄津贴"]


class ElderPlanner:
    """Draws every elder's data up front, so the same seed always yields the same 300 people."""

    def __init__(self, villages, seed=2023):
        self.people = PeopleGenerator(seed)
        self.villages = villages
        self.used_ids = set()

    def plans(self, count=ELDER_COUNT):
        codes = list(CATEGORY_WEIGHTS)
        for index in range(count):
            first = codes[index] if index < len(codes) else self._weighted_category()
            extra = [self._weighted_category()] if self.people.chance(0.25) else []
            yield self._plan(index, sorted({first, *extra}))

    def _weighted_category(self):
        total = sum(CATEGORY_WEIGHTS.values())
        draw = self.people.integer(1, total)
        for code, weight in CATEGORY_WEIGHTS.items():
            draw -= weight
            if draw <= 0:
                return code
        raise AssertionError("weights exhausted")

    def _unique_id(self, area_code, birth_date, male):
        while True:
            sequence = self.people.integer(0, 498) * 2 + (1 if male else 2)
            number = build_id_number(area_code, birth_date, sequence)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def _plan(self, index, categories):
        people = self.people
        village = self.villages[index % len(self.villages)]
        county_code = village.code[:6]
        male = people.chance(0.45)
        sex = "M" if male else "F"
        name = people.name(sex)
        birth_date = people.birth_date(1930, 1962)
        id_number = self._unique_id(county_code, birth_date, male)
        registered_on = people.birth_date(FIRST_REGISTRATION.year, LAST_REGISTRATION.year)
        registered_on = min(max(registered_on, FIRST_REGISTRATION), LAST_REGISTRATION)
        has_child_nearby = not ({"left_behind", "family_planning_special"} & set(categories)) and people.chance(0.7)
        child_name = people.child_name(name[0], people.pick("MF"))
        plan = {
            "categories": categories,
            "fields": {
                "name": name, "id_number": id_number, "village": village, "registered_on": registered_on,
                "phone": self._phone(),
                "address_detail": f"{village.name}{people.integer(1, 12)}组{people.integer(1, 60)}号",
                "lives_at_registered_residence": people.chance(0.9),
                "emergency_contact_name": child_name if has_child_nearby else people.name(people.pick("MF"), True),
                "emergency_contact_phone": people.mobile(),
                **self._first_contact(has_child_nearby, child_name),
                **self._consent(categories, registered_on, child_name),
                **self._disability(categories, id_number),
                **self._living_conditions(),
                **self._assistance(),
                **self._status(registered_on),
            },
            "household": self._household(name, sex, id_number, birth_date, categories, county_code),
        }
        return plan

    def _phone(self):
        draw = self.people.integer(1, 10)
        return self.people.mobile() if draw <= 7 else self.people.landline() if draw <= 9 else ""

    def _first_contact(self, has_child_nearby, child_name):
        if has_child_nearby:
            return {"first_contact_name": child_name, "first_contact_phone": self.people.mobile(),
                    "first_contact_relation": choices.FirstContactRelation.CHILD,
                    "first_contact_kind": choices.FirstContactKind.CHILD_NEARBY}
        relation = self.people.pick([choices.FirstContactRelation.VILLAGE_CADRE,
                                     choices.FirstContactRelation.NEIGHBOUR,
                                     choices.FirstContactRelation.GRID_WORKER])
        return {"first_contact_name": self.people.name(self.people.pick("MF"), True),
                "first_contact_phone": self.people.mobile(), "first_contact_relation": relation,
                "first_contact_kind": choices.FirstContactKind.DESIGNATED}

    def _consent(self, categories, registered_on, child_name):
        lacks_capacity = "disabled" in categories and self.people.chance(0.3)
        consent = {"consents_to_visits": lacks_capacity or self.people.chance(0.96),
                   "consent_date": registered_on, "lacks_capacity": lacks_capacity}
        if lacks_capacity:
            consent.update(consent_given_by=choices.ConsentGivenBy.GUARDIAN, guardian_name=child_name,
                           guardian_relation="子女", guardian_phone=self.people.mobile())
        return consent

    def _disability(self, categories, id_number):
        if "severely_handicapped" in categories:
            grade = self.people.pick("12")
        elif "disabled" in categories and self.people.chance(0.4) or self.people.chance(0.05):
            grade = self.people.pick("34")
        else:
            return {"is_disabled": False, "disability_certificate_number": ""}
        kind = self.people.pick(choices.DISABILITY_KIND_DIGITS)
        return {"is_disabled": True, "disability_certificate_number": f"{id_number}{kind}{grade}"}

    def _living_conditions(self):
        people = self.people

        def safety(probability):
            return choices.Safety.SAFE if people.chance(probability) else choices.Safety.UNSAFE

        benefits = people.sample(BENEFIT_NOTES, people.integer(1, 2))
        return {"water_safety": safety(0.92), "utilities_safety": safety(0.8), "housing_safety": safety(0.88),
                "monthly_income": Decimal(people.integer(8, 45) * 100),
                "monthly_benefits_amount": Decimal(people.integer(15, 180) * 10),
                "monthly_benefits_note": "、".join(benefits)}

    def _assistance(self):
        if not self.people.chance(0.55):
            return {"assistance_providers": []}
        providers = self.people.sample(
            [choices.AssistanceProvider.TOWNSHIP_VILLAGE, choices.AssistanceProvider.VOLUNTEER,
             choices.AssistanceProvider.SOCIAL_WORKER, choices.AssistanceProvider.PARTY_GOVERNMENT,
             choices.AssistanceProvider.SOCIAL_ORGANISATION], self.people.integer(1, 2))
        return {"assistance_providers": [str(provider) for provider in providers],
                "assistance_person": self.people.name(self.people.pick("MF"), True),
                "assistance_measures": self.people.pick(MEASURES)}

    def _status(self, registered_on):
        draw = self.people.integer(1, 100)
        if draw <= 94:
            return {"status": choices.ElderStatus.ACTIVE}
        status, reason = (
            (choices.ElderStatus.MOVED_AWAY, "随子女迁往南宁市区居住") if draw <= 96 else
            (choices.ElderStatus.DECEASED, "因病去世") if draw <= 99 else
            (choices.ElderStatus.WITHDRAWN, "本人申请不再接受探访"))
        status_date = min(registered_on + datetime.timedelta(days=self.people.integer(30, 500)), LAST_REGISTRATION)
        return {"status": status, "status_date": status_date, "status_reason": reason}

    def _household(self, name, sex, id_number, birth_date, categories, county_code):
        elder_sex = choices.Sex.MALE if sex == "M" else choices.Sex.FEMALE
        members = [{"name": name, "sex": elder_sex, "id_number": id_number, "relation": choices.HouseholdRelation.HEAD,
                    "health": self.people.pick(HEALTH + DISEASES),
                    "assistance_status": self._assistance_status()}]
        if "living_alone" in categories:
            return members
        if self.people.chance(0.6):
            spouse_male = sex == "F"
            spouse_birth = self.people.birth_date(max(1930, birth_date.year - 4), min(1962, birth_date.year + 4))
            members.append({"name": self.people.name("M" if spouse_male else "F"),
                            "sex": choices.Sex.MALE if spouse_male else choices.Sex.FEMALE,
                            "id_number": self._unique_id(county_code, spouse_birth, spouse_male),
                            "relation": choices.HouseholdRelation.SPOUSE, "health": self.people.pick(HEALTH),
                            "assistance_status": choices.AssistanceStatus.NONE})
        if "empty_nest" not in categories and "family_planning_special" not in categories and self.people.chance(0.5):
            grandchild_male = self.people.chance(0.5)
            grandchild_birth = self.people.birth_date(2008, 2018)
            members.append({"name": self.people.child_name(name[0], "M" if grandchild_male else "F"),
                            "sex": choices.Sex.MALE if grandchild_male else choices.Sex.FEMALE,
                            "id_number": self._unique_id(county_code, grandchild_birth, grandchild_male),
                            "relation": choices.HouseholdRelation.GRANDCHILD, "health": "健康",
                            "assistance_status": choices.AssistanceStatus.NONE})
        return members

    def _assistance_status(self):
        draw = self.people.integer(1, 10)
        return (choices.AssistanceStatus.MINIMUM_LIVING if draw <= 2 else
                choices.AssistanceStatus.EXTREME_POVERTY if draw == 3 else choices.AssistanceStatus.NONE)


def ensure_elders(villages):
    """Create the planned elders that don't exist yet (matched by ID number); return (created, total)."""
    categories = {category.code: category for category in Category.objects.all()}
    existing = set(Elder.objects.values_list("id_number", flat=True))
    created = 0
    for plan in ElderPlanner(villages).plans():
        if plan["fields"]["id_number"] in existing:
            continue
        elder = Elder(**plan["fields"])
        elder.full_clean()
        elder.save()
        elder.categories.set([categories[code] for code in plan["categories"]])
        for order, member in enumerate(plan["household"]):
            HouseholdMember(elder=elder, sort_order=order, **member).save()
        created += 1
    return created


def ensure_assignments(visitor, assigned_by, village, count=10):
    """Assign ``count`` active elders of ``village`` to ``visitor`` unless they already have a visitor."""
    if Assignment.objects.current().filter(visitor=visitor).exists():
        return 0
    elders = Elder.objects.within(village).active().exclude(assignments__end_date__isnull=True,
                                                              assignments__isnull=False)
    chosen = list(elders.order_by("id")[:count])
    for elder in chosen:  # one by one: saving an assignment grants the visitor access (roles.permissions)
        Assignment.objects.create(elder=elder, visitor=visitor, assigned_by=assigned_by,
                                  start_date=elder.registered_on)
    return len(chosen)
