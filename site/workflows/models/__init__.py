"""Case data of the workflows, one module per concern (each flow adds its own)."""

from .cases import OPEN_TASK_STATUSES, Case, CaseTask, CaseTaskQuerySet
from .census import CensusDecision, CensusReview
from .referrals import OPEN_REFERRAL_STATUSES, Referral, ReferralQuerySet, ReferralStatus

__all__ = ["OPEN_REFERRAL_STATUSES", "OPEN_TASK_STATUSES", "Case", "CaseTask", "CaseTaskQuerySet", "CensusDecision",
           "CensusReview", "Referral", "ReferralQuerySet", "ReferralStatus"]
