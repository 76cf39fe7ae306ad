"""The case flows. Imported by ``WorkflowsConfig.ready`` so that Viewflow adds the process model's
``manage`` permission before ``migrate`` creates permissions (STACK-NOTES)."""

from .census import CensusFlow
from .emergency import EmergencyFlow
from .referrals import ReferralFlow

__all__ = ["CensusFlow", "EmergencyFlow", "ReferralFlow"]
