"""Signals other apps listen to; the workflows start their follow-ups from ``visit_submitted``."""

from django.dispatch import Signal

# Sent by ``forms.services.submit_visit`` inside its transaction, after the follow-up rules ran:
# ``sender=VisitRecord, record=<the submitted record>, flags=[FollowUpFlag, ...], user=<submitter>``.
visit_submitted = Signal()
