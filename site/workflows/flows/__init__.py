"""The case flows. Imported by ``WorkflowsConfig.ready`` so that Viewflow adds the process model's
``manage`` permission before ``migrate`` creates permissions (STACK-NOTES)."""

from .. import scheduler  # noqa: F401  (connects forms.signals.visit_submitted)
from .census import CensusFlow
from .emergency import EmergencyFlow
from .referrals import ReferralFlow
from .visits import VisitEscalationFlow, VisitFlow

__all__ = ["CensusFlow", "EmergencyFlow", "ReferralFlow", "VisitEscalationFlow", "VisitFlow"]
