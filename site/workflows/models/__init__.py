"""Case data of the workflows, one module per concern (each flow adds its own)."""

from .cases import OPEN_TASK_STATUSES, Case, CaseTask, CaseTaskQuerySet
from .referrals import OPEN_REFERRAL_STATUSES, Referral, ReferralQuerySet, ReferralStatus
from .scheduling import ScheduledVisit, VisitEscalation, VisitFrequencyRule, VisitSurge

__all__ = ["OPEN_REFERRAL_STATUSES", "OPEN_TASK_STATUSES", "Case", "CaseTask", "CaseTaskQuerySet", "Referral",
           "ReferralQuerySet", "ReferralStatus", "ScheduledVisit", "VisitEscalation", "VisitFrequencyRule",
           "VisitSurge"]
