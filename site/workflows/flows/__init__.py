"""The case flows. Imported by ``WorkflowsConfig.ready`` so that Viewflow adds the process model's
``manage`` permission before ``migrate`` creates permissions (STACK-NOTES)."""

from .. import scheduler  # noqa: F401  (connects forms.signals.visit_submitted)
from . import visits  # noqa: F401
