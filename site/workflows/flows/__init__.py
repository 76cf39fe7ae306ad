"""The case flows. Imported by ``WorkflowsConfig.ready`` so that Viewflow adds the process model's
``manage`` permission before ``migrate`` creates permissions (STACK-NOTES)."""

from .census import CensusFlow

__all__ = ["CensusFlow"]
