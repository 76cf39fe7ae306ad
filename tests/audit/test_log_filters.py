"""No full ID number or mobile number reaches a log line (the filter on the root handlers)."""

import io
import logging

from django.conf import settings

from audit.log_filters import MaskPersonalNumbersFilter
from audit.masking import mask_personal_numbers


def test_root_handlers_carry_the_filter():
    configured = settings.LOGGING["root"]["handlers"]
    installed = [handler for handler in logging.getLogger().handlers if handler.name in configured]
    assert configured and len(installed) == len(configured)
    assert all(any(isinstance(f, MaskPersonalNumbersFilter) for f in handler.filters) for handler in installed)


def test_django_loggers_have_no_handlers_of_their_own():
    # Django installs its own console and mail handlers on "django"; they would bypass the filter.
    for name in ("django", "django.server"):
        assert logging.getLogger(name).handlers == [] and logging.getLogger(name).propagate


def test_masks_message_and_args_through_logging():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskPersonalNumbersFilter())
    logger = logging.getLogger("tests.masking")
    logger.addHandler(handler)
    try:
        logger.warning("老年人 45010319480506123X 电话 %s，紧急联系人 %s", "13812345678", {"id": "450103194805061234"})
        try:
            raise ValueError("bad number 450103194805061234")
        except ValueError:
            logger.exception("failed for %s", "15977778888")
    finally:
        logger.removeHandler(handler)
    output = stream.getvalue()
    assert "450103********123X" in output and "138****5678" in output and "450103********1234" in output
    assert "159****8888" in output
    for full in ("45010319480506123X", "13812345678", "450103194805061234", "15977778888"):
        assert full not in output


def test_numbers_inside_longer_runs_are_left_alone():
    assert mask_personal_numbers("order 1234567890123456789012") == "order 1234567890123456789012"
    assert mask_personal_numbers("电话:+86 13812345678。") == "电话:+86 138****5678。"
