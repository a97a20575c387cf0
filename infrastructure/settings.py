"""Company-wide settings read from the environment: the time zone that decides days."""

from __future__ import annotations

import os
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

TIMEZONE_ENV = "OPSLEDGER_TIMEZONE"
DEFAULT_TIMEZONE = "Asia/Shanghai"


class SettingError(ValueError):
    """A setting in the environment has a value opsledger cannot use."""


def company_timezone() -> ZoneInfo:
    """The company's time zone (DOMAIN §1): which day, month or quarter an instant is in."""
    name = os.environ.get(TIMEZONE_ENV) or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingError(f"{TIMEZONE_ENV}={name!r} is not a known time zone") from None
