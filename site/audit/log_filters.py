"""A logging filter that keeps full ID and mobile numbers out of every log line."""

import logging

from audit.masking import mask_personal_numbers


class MaskPersonalNumbersFilter(logging.Filter):
    """Replace the record's message by its formatted, masked text (so args can't leak either).

    Attached to the root handlers in ``config.settings.base.LOGGING``. Exception tracebacks are
    masked too, since they may quote a value.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: let logging report it as usual
            return True
        record.msg, record.args = mask_personal_numbers(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_numbers(record.exc_text)
        return True
