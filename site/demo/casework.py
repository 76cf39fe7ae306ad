"""Demo referrals and emergencies this month, so the 监督看板's casework panels have figures.

Elders of 城厢镇 (the ``township`` account's) not assigned to ``volunteer`` are visited by
``village``; each visit's answers raise one flag, and the flows take it from there as in real use:
``forms.services.submit_visit`` starts the referral or emergency case (routed by the default
table), and each step is done by the demo account that would do it, through the task's own
service (``workflows.inbox.claim_and_complete`` running the work the task's screen runs).

The stories (``STORIES``) leave the referrals to 消防救援, 卫生健康 and 残联 in varied states:
waiting to be accepted (one past its 办理期限), accepted, returned by 卫生健康 and rerouted by the
township to 残联, served and reviewed 满意 / 基本满意 / 不满意 (back to service), served and waiting
for the review; and two emergencies, one handled by the township and one waiting.

The services stamp ``now()``; each step's time is then moved back to a moment of this month so
far (``Timeline``), as ``history`` dates its visits. Nothing is created when any follow-up case
exists already.
"""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import F
from django.utils import timezone

from forms.models import VisitRecord
from forms.services import start_visit, submit_visit
from registry.dates import CHINA_TZ
from registry.models import Assignment, Elder
from roles.models import Department, Region
from workflows import inbox, schedule
from workflows.flows import ReferralFlow
from workflows.models import (
    CareService,
    Case,
    CaseTask,
    EmergencyCall,
    EmergencyReport,
    FollowUpCase,
    Referral,
    ReviewMethod,
    ReviewRating,
    SatisfactionReview,
)
from workflows.models.cases import OPEN_TASK_STATUSES
from workflows.models.routing import due_date_in

TOWNSHIP_CODE = "450110100000"  # 城厢镇, the demo township officer's
# A 1x1 PNG: the visitor's signature on the demo visits.
SIGNATURE = ("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQ"
             "AAAABJRU5ErkJggg==")
# Answers that raise no flag; each story overrides one or two.
QUIET_ANSWERS = {
    "visit_method": {"value": "home"}, "family_change": {"value": "no_change"}, "illness": {"value": "no_change"},
    "expression": "no_change", "mobility": "no_change", "mood": "no_change", "personal_hygiene": "no_change",
    "home_hygiene": "no_change", "indoor_environment": "no_change", "gas_safety": "safe",
    "water_heating_safety": "safe", "electricity_safety": "safe", "fire_safety": "safe",
    "emergency": {"value": False}, "visitor_signature": {"image": SIGNATURE},
}
SERVICE_CONTENT = {
    "fire_rescue": "上门排查电线和燃气管路，更换老化插座，配发灭火器并讲解消防常识。",
    "health": "家庭医生上门问诊，测量血压血糖，调整用药并约定下次随访。",
    "disabled_federation": "上门评估听力，适配助听器并指导使用。",
}
SERVERS = {"fire_rescue": "王消防", "health": "李医生", "disabled_federation": "黄助残员"}


@dataclass
class Story:
    """One visit and what happens to its follow-up; ``at`` are the steps' moments as fractions of
    this month so far: the visit, then one per step in ``steps``."""

    answers: dict
    steps: tuple = ()
    at: tuple = (0.5,)
    overdue: bool = False  # the referral's 办理期限 is the day it was made


STORIES = [
    Story({"fire_safety": "unsafe"}, ("accept", "serve", ("review", ReviewRating.SATISFIED)),
          (0.05, 0.15, 0.35, 0.5)),
    Story({"electricity_safety": "unsafe"}, ("accept",), (0.3, 0.4)),
    Story({"gas_safety": "unsafe"}, (), (0.02,), overdue=True),
    Story({"mobility": "worse"}, ("accept", "serve", ("review", ReviewRating.FAIRLY_SATISFIED)),
          (0.1, 0.2, 0.45, 0.6)),
    Story({"mood": "worse"}, (), (0.85,)),
    Story({"service_needs": "老人腿脚不便，需要轮椅和康复护理。"},
          (("reject", "轮椅等辅具适配属残联职责，请转残联办理。"), ("reroute", "disabled_federation")),
          (0.25, 0.35, 0.4)),
    Story({"service_needs": "听力残疾，希望适配助听器。"},
          ("accept", "serve", ("review", ReviewRating.DISSATISFIED)), (0.15, 0.3, 0.55, 0.7)),
    Story({"illness": {"value": "serious", "illness_name": "高血压"}}, ("accept", "serve"), (0.5, 0.6, 0.75)),
    Story({"emergency": {"value": True, "detail": "老人在家中摔倒，无法起身。"}}, ("handle",), (0.4, 0.42)),
    Story({"emergency": {"value": True, "detail": "老人胸闷气短，独自在家。"}}, (), (1,)),
]
REVIEW_COMMENTS = {ReviewRating.SATISFIED: "老人表示满意", ReviewRating.FAIRLY_SATISFIED: "基本解决，希望多来看看",
                   ReviewRating.DISSATISFIED: "助听器效果不好，希望重新适配"}


class Timeline:
    """Moments of this month so far (Asia/Shanghai), as fractions of it."""

    def __init__(self, now=None):
        self.now = now or timezone.now()
        self.start = datetime.combine(schedule.this_month(self.now), time.min, tzinfo=CHINA_TZ)

    def at(self, fraction):
        return min(self.start + (self.now - self.start) * fraction, self.now)

    @staticmethod
    def day(moment):
        return timezone.localtime(moment, CHINA_TZ).date()


def _open_task(case):
    return CaseTask.objects.get(process=case, status__in=OPEN_TASK_STATUSES)


def _visit(elder, visitor, moment, answers):
    """Submit a visit of ``elder`` dated ``moment`` through the service; returns the record."""
    record = start_visit(elder, visitor)
    answers = {**record.plain_answers(), **QUIET_ANSWERS, **answers,
               "visit_date": Timeline.day(moment).isoformat()}
    record = submit_visit(record, answers, visitor)
    VisitRecord.objects.filter(pk=record.pk).update(submitted_at=moment)
    return record


class Casework:
    """Plays the stories with the demo accounts."""

    def __init__(self, accounts, now=None):
        self.accounts, self.timeline = accounts, Timeline(now)
        self.township = accounts["township"]
        self.staff = {accounts[name].staff_profile.department.code: accounts[name]
                      for name in ("fire", "health", "disabled_fed")}

    def elders(self):
        """Active elders of 城厢镇 with no visitor (so no visit tasks), registered before this month."""
        return (Elder.objects.within(Region.objects.get(code=TOWNSHIP_CODE)).active()
                .exclude(pk__in=Assignment.objects.current().values("elder_id"))
                .filter(registered_on__lt=self.timeline.start.date()).order_by("id"))

    def play(self, story, elder):
        moments = [self.timeline.at(fraction) for fraction in story.at]
        record = _visit(elder, self.accounts["village"], moments[0], story.answers)
        case = FollowUpCase.objects.get(flag__record=record).case
        Case.objects.filter(pk=case.pk).update(created=moments[0])
        referral = Referral.objects.filter(case=case).first()
        if referral is not None:
            self._backdate_referral(referral, moments[0], story.overdue)
        for step, moment in zip(story.steps, moments[1:], strict=True):
            name, argument = step if isinstance(step, tuple) else (step, None)
            getattr(self, name)(case, moment, argument)
        self._due_open_task(case)

    def _backdate_referral(self, referral, moment, overdue=False):
        """Move the referral to ``moment``, its 办理期限 with it (or to that day: overdue)."""
        made = Timeline.day(moment)
        due = made if overdue else made + (referral.due_date - Timeline.day(referral.created_at))
        Referral.objects.filter(pk=referral.pk).update(created_at=moment, due_date=due)

    def _due_open_task(self, case):
        """An open 接收转介 or 关爱服务记录 task is due with its referral (the flow read the due date when
        it created the task, before the referral was moved back)."""
        referral = Referral.objects.current(case)
        if referral is not None:
            CaseTask.objects.filter(process=case, status__in=OPEN_TASK_STATUSES,
                                    flow_task__in=[ReferralFlow.accept, ReferralFlow.service]).update(
                due_at=referral.due_at)

    def _staff_for(self, referral):
        return self.staff[referral.department.code]

    def accept(self, case, moment, _):
        referral = Referral.objects.current(case)
        user = self._staff_for(referral)
        inbox.claim_and_complete(user, _open_task(case), lambda activation: referral.accept(user))
        Referral.objects.filter(pk=referral.pk).update(decided_at=moment)

    def reject(self, case, moment, reason):
        referral = Referral.objects.current(case)
        user = self._staff_for(referral)
        inbox.claim_and_complete(user, _open_task(case), lambda activation: referral.reject(user, reason))
        Referral.objects.filter(pk=referral.pk).update(decided_at=moment)

    def reroute(self, case, moment, department_code):
        """The township's 重新分派, as its screen (``referral_route``) saves it: a new referral."""
        previous = Referral.objects.filter(case=case).latest("pk")
        made = []

        def work(activation):
            department = Department.objects.get(code=department_code)
            made.append(Referral.objects.create(
                elder=case.elder, case=case, flag=previous.flag, department=department, need=previous.need,
                detail=previous.detail, due_date=due_date_in(14), created_by=self.township))

        inbox.claim_and_complete(self.township, _open_task(case), work)
        self._backdate_referral(made[0], moment)

    def serve(self, case, moment, _):
        referral = Referral.objects.current(case)
        code = referral.department.code
        services = []
        inbox.claim_and_complete(self._staff_for(referral), _open_task(case), lambda activation: services.append(
            CareService.record(referral, self._staff_for(referral), service_date=Timeline.day(moment),
                               content=SERVICE_CONTENT[code], server_name=SERVERS[code])))
        CareService.objects.filter(pk=services[0].pk).update(recorded_at=moment)

    def review(self, case, moment, rating):
        referral = Referral.objects.current(case)
        service = referral.latest_service()
        reviews = []
        inbox.claim_and_complete(self.township, _open_task(case), lambda activation: reviews.append(
            SatisfactionReview.objects.create(service=service, rating=rating, method=ReviewMethod.PHONE,
                                              comments=REVIEW_COMMENTS[rating], reviewed_by=self.township)))
        SatisfactionReview.objects.filter(pk=reviews[0].pk).update(reviewed_at=moment)
        Referral.objects.filter(pk=referral.pk, completed_at__isnull=False).update(completed_at=moment)

    def handle(self, case, moment, _):
        """The township's 紧急情况处置, as its screen (``emergency_handle``) saves it."""
        record = case.follow_up.flag.record
        inbox.claim_and_complete(self.township, _open_task(case), lambda activation: EmergencyReport.objects.create(
            case=case, record=record, handled_by=self.township, handled_at=moment,
            called=[EmergencyCall.AMBULANCE, EmergencyCall.FAMILY],
            actions="电话联系家属并拨打120，村医先行到场查看。", outcome="已送县人民医院救治，家属已到场照料。"))
        EmergencyReport.objects.filter(case=case).update(created_at=F("handled_at"))


def create_demo_casework(accounts, now=None):
    """Play ``STORIES`` unless a follow-up case exists; return how many cases were started."""
    if FollowUpCase.objects.exists():
        return 0
    casework = Casework(accounts, now)
    elders = list(casework.elders()[:len(STORIES)])
    for story, elder in zip(STORIES, elders, strict=False):
        casework.play(story, elder)
    return min(len(STORIES), len(elders))

