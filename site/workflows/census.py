"""The census (摸底排查) as work: opening a case for a new record, and what each step saves.

A record saved new with status 待核实 (the back office's default for new records, an import, the
demo data) opens its census case by itself (``connect``). Each step function checks that the task
is that step's, claims it for ``user`` when it is free and ``user`` may claim it
(``workflows.inbox``), saves the step's work and completes it, all in one transaction: a
validation error (``ValidationError`` by field name) leaves the task as it was.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from viewflow.workflow.status import PROCESS

from audit.context import current_request
from audit.models import Action as AuditAction
from audit.signals import record_current
from registry.choices import CENSUS_STATUSES, ElderStatus
from registry.dates import china_today
from registry.models import Elder
from workflows import inbox
from workflows.assignment import assign_visitor, update_elder_fields
from workflows.flows import CensusFlow
from workflows.models import Case, CensusDecision, CensusReview

CONSENT_FIELDS = ["consents_to_visits", "consent_date", "consent_given_by", "lacks_capacity", "guardian_name",
                  "guardian_relation", "guardian_phone"]


def open_census(elder, user=None):
    """The running census case of ``elder`` (status 待核实), started now by ``user`` if there is none."""
    if elder.status != ElderStatus.PENDING:
        raise ValueError("Only a record waiting for verification (pending) has a census.")
    running = Case.objects.filter(elder=elder, flow_class=CensusFlow, status=PROCESS.NEW).first()
    if running is not None:
        return running
    case = CensusFlow.start.run(elder=elder, user=user)
    CensusReview.objects.create(case=case)
    record_current(AuditAction.CREATE, case, event="open_census", elder=elder.pk)
    return case


def duplicate_candidates(elder):
    """Records in the elder's township that may be the same person: same name, or same sex and birth date."""
    return (Elder.objects.within(elder.village.parent).exclude(pk=elder.pk).exclude(status__in=CENSUS_STATUSES)
            .filter(Q(name=elder.name) | Q(sex=elder.sex, birth_date=elder.birth_date))
            .select_related("village").order_by("name", "pk"))


def _step(user, task, node, work):
    """Claim ``task`` for ``user`` if it is free, run ``work(activation)`` and complete it."""
    if task.flow_task != node:
        raise PermissionDenied
    return inbox.claim_and_complete(user, task, work)


def verify(user, task, consent, notes=""):
    """入户核实: the data was confirmed at the door; ``consent`` holds the ``CONSENT_FIELDS`` recorded there.
    The record then reads 已核实待审核 (``ElderStatus.VERIFIED``) until the township decides."""
    def work(activation):
        elder = activation.process.elder
        update_elder_fields(elder, {"status": ElderStatus.VERIFIED,
                                    **{name: consent[name] for name in CONSENT_FIELDS if name in consent}})
        CensusReview.objects.filter(case=activation.process).update(
            verified_by=user, verified_at=timezone.now(), verification_notes=notes)

    return _step(user, task, CensusFlow.verify, work)


def decide(user, task, decision, reason="", merged_into=None):
    """审核: approve (在册), merge into ``merged_into`` (one of ``duplicate_candidates``) or reject with ``reason``."""
    reason = reason.strip()
    elder = task.process.coerced.elder
    if decision not in CensusDecision.values:
        raise ValidationError({"decision": _("请选择审核结果。")})
    if decision == CensusDecision.REJECT and not reason:
        raise ValidationError({"reason": _("不予通过时须填写理由。")})
    if decision == CensusDecision.MERGE and (
            merged_into is None or not duplicate_candidates(elder).filter(pk=merged_into.pk).exists()):
        raise ValidationError({"merged_into": _("请选择本乡镇(街道)内与其为同一人的已有档案。")})
    if decision != CensusDecision.MERGE:
        merged_into = None

    def work(activation):
        _set_status(activation.process.elder, decision, reason, merged_into)
        CensusReview.objects.filter(case=activation.process).update(
            decision=decision, reason=reason, merged_into=merged_into, decided_by=user, decided_at=timezone.now())

    return _step(user, task, CensusFlow.approve, work)


def _set_status(elder, decision, reason, merged_into):
    if decision == CensusDecision.APPROVE:
        elder.status, reason = ElderStatus.ACTIVE, ""
    elif decision == CensusDecision.MERGE:
        elder.status = ElderStatus.MERGED
        reason = _("与%(name)s（档案号%(pk)s）为同一人，已合并。%(reason)s") % {
            "name": merged_into.name, "pk": merged_into.pk, "reason": reason}
    else:
        elder.status = ElderStatus.REJECTED
    elder.status_date, elder.status_reason = china_today(), reason[:200]
    elder.save(update_fields=["status", "status_date", "status_reason"])


def assign(user, task, visitor, first_contact=None, visits_per_month=None):
    """分配探访人员 after an approval: see ``workflows.assignment.assign_visitor``."""
    def work(activation):
        assign_visitor(activation.process.elder, visitor, user, first_contact=first_contact,
                       visits_per_month=visits_per_month)

    return _step(user, task, CensusFlow.assign, work)


def _open_census_for_new_record(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.status == ElderStatus.PENDING:
        request = current_request.get()
        user = getattr(request, "user", None)
        open_census(instance, user if getattr(user, "is_authenticated", False) else None)


def connect():
    post_save.connect(_open_census_for_new_record, sender=Elder, dispatch_uid="workflows.open_census")
