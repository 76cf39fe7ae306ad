"""What every case flow shares: the process and task models and the lock."""

from viewflow.workflow import lock

from workflows.models import Case, CaseTask


class CaseFlowMixin:
    """Mix into every ``Flow``: ``class CensusFlow(CaseFlowMixin, Flow)``.

    Processes are ``Case`` rows (one elder each), tasks ``CaseTask`` rows; the row lock serialises
    two people acting on one case at once on PostgreSQL (a no-op on SQLite).
    """

    process_class = Case
    task_class = CaseTask
    lock_impl = lock.select_for_update_lock

    def start_case(self, activation, elder, user=None):
        """The usual ``StartHandle`` body: the case is about ``elder``, started by ``user``."""
        activation.process.elder = elder
        activation.process.created_by = user
        return activation.process
