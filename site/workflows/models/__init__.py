"""Case data of the workflows, one module per concern (each flow adds its own)."""

from .cases import OPEN_TASK_STATUSES, Case, CaseTask, CaseTaskQuerySet
from .census import CensusDecision, CensusReview
from .emergency import EmergencyCall, EmergencyReport
from .referrals import (
    OPEN_REFERRAL_STATUSES,
    CareService,
    Referral,
    ReferralQuerySet,
    ReferralStatus,
    ReviewMethod,
    ReviewRating,
    SatisfactionReview,
    provider_consent_error,
)
from .rollup import RollupMonth, TownshipRollup, VisitRollup
from .routing import DEFAULT_DUE_DAYS, FollowUpCase, ProviderKind, ReferralRoute, ServiceProvider
from .scheduling import ScheduledVisit, VisitEscalation, VisitFrequencyRule, VisitSurge

__all__ = ["DEFAULT_DUE_DAYS", "OPEN_REFERRAL_STATUSES", "OPEN_TASK_STATUSES", "CareService", "Case", "CaseTask",
           "CaseTaskQuerySet", "CensusDecision", "CensusReview", "EmergencyCall", "EmergencyReport", "FollowUpCase",
           "ProviderKind", "Referral", "ReferralQuerySet", "ReferralRoute", "ReferralStatus", "ReviewMethod",
           "ReviewRating", "RollupMonth", "SatisfactionReview", "ScheduledVisit", "ServiceProvider", "VisitEscalation",
           "TownshipRollup", "VisitFrequencyRule", "VisitRollup", "VisitSurge", "provider_consent_error"]
