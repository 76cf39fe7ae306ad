"""Dates as the people using tanfang count them: in China Standard Time."""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone

CHINA_TZ = ZoneInfo("Asia/Shanghai")


def china_today():
    """Today's date in Asia/Shanghai, whatever the server's or the request's time zone."""
    return timezone.localdate(timezone=CHINA_TZ)


def age_on(birth_date: date, on: date) -> int:
    """Full years of age on ``on`` (周岁): the birthday itself counts as a completed year."""
    had_birthday = (on.month, on.day) >= (birth_date.month, birth_date.day)
    return on.year - birth_date.year - (0 if had_birthday else 1)
