"""How times and counts read: times in the viewer's time zone, counted nouns ("1 test case", "1,204 test cases")."""

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st


def viewer_zone() -> ZoneInfo:
    """The browser's time zone (UTC when the browser does not say, as in tests)."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime, zone: ZoneInfo, *, short: bool = False) -> str:
    """`short` leaves out the seconds and the zone's name (for a table whose heading names the zone)."""
    if short:
        return moment.astimezone(zone).strftime("%d %b %Y, %H:%M")
    return moment.astimezone(zone).strftime("%d %b %Y, %H:%M:%S ") + f"({zone.key})"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """ "1 test case", "1,204 test cases"."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
