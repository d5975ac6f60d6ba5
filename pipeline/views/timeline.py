"""Counts per month: DATE mentions by granularity, events (or incidents) by type."""

from __future__ import annotations

import pandas as pd

from .palette import EVENT_TYPES

GRANULARITIES = ("day", "week", "month", "year", "range")


def _month_index(months: pd.Series) -> pd.DatetimeIndex:
    """Every month from the first to the last of `months` (empty months kept, so gaps show)."""
    if months.empty:
        return pd.DatetimeIndex([], name="month")
    return pd.date_range(months.min(), months.max(), freq="MS", name="month")


def _month(dates: pd.Series) -> pd.Series:
    return dates.dt.to_period("M").dt.to_timestamp()


def dates_by_month(mentions: pd.DataFrame) -> pd.DataFrame:
    """DATE mentions per month of `date_start` and per `date_granularity`.

    Split by granularity because a year or a range is counted in the month it
    starts: `en 2014` adds one to January 2014, which the `year` column shows
    for what it is. DATE mentions without `date_start` (`récemment`) are left out.
    """
    dates = mentions[(mentions["label"] == "DATE") & mentions["date_start"].notna()]
    months = _month(dates["date_start"])
    granularity = dates["date_granularity"].fillna("unknown")
    table = pd.crosstab(months, granularity) if len(dates) else pd.DataFrame()
    columns = [g for g in GRANULARITIES if g in table.columns] + sorted(set(table.columns) - set(GRANULARITIES))
    table = table.reindex(index=_month_index(months), columns=columns, fill_value=0)
    table.index.name, table.columns.name = "month", "granularity"
    return table


def precise_dates(events: pd.DataFrame, max_days: int | None = 31) -> pd.Series:
    """True for events whose date is known to within `max_days` (default: a month).

    An event dated `au cours de l'année` (2020-01-01 to 2020-12-31) would
    otherwise count as January: per-month counts use only dated events whose
    range fits in a month. `max_days=None` keeps every dated event.
    """
    dated = events["date_start"].notna()
    if max_days is None:
        return dated
    end = events["date_end"].fillna(events["date_start"])
    return dated & ((end - events["date_start"]).dt.days <= max_days)


def events_by_month(events: pd.DataFrame, max_days: int | None = 31, weight: str | None = None) -> pd.DataFrame:
    """Events (or incidents: same columns) per month of `date_start` (rows, every month of the span) and per type (columns).

    Only rows that pass `precise_dates(events, max_days)`; the others are
    counted by `len(events) - table.values.sum()`. With `weight` (`fatalities`)
    each row adds its value of that column instead of one, NaN as 0.
    """
    dated = events[precise_dates(events, max_days)]
    months = _month(dated["date_start"])
    values = dated[weight].fillna(0) if weight else None
    table = pd.crosstab(months, dated["event_type"], values=values, aggfunc="sum" if weight else None) if len(dated) else pd.DataFrame()
    table = table.fillna(0)
    columns = [t for t in EVENT_TYPES if t in table.columns] + sorted(set(table.columns) - set(EVENT_TYPES))
    table = table.reindex(index=_month_index(months), columns=columns, fill_value=0)
    table.index.name, table.columns.name = "month", "event_type"
    return table
