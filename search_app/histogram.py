"""A month histogram (from facets.month) as HTML bars: real text for its labels and counts, so that
they stay readable at any width, and an axis that says what the tallest bar counts."""

from __future__ import annotations

from dataclasses import dataclass

MAX_GAP_FILLED = 120  # months: a longer span shows only the months that have results
COUNTS_ON_BARS = 24  # more bars than this: counts only in the tooltip and on the axis


@dataclass
class Bar:
    month: str
    count: int
    percent: float  # height, of the tallest
    year_label: str | None  # shown under the first bar of each year


@dataclass
class Chart:
    bars: list[Bar]
    ticks: list[int]  # axis labels, top to bottom
    counts_on_bars: bool


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_axis(counts: dict[str, int], span: tuple[str | None, str | None] = (None, None)) -> list[str]:
    """Every month from the first to the last with results, gaps included while the span is short;
    a from/to date range (span, ISO dates) sets the ends it gives, so the chart spans the range."""
    valid = sorted(m for m in counts if len(m) == 7 and m[4] == "-" and m.replace("-", "").isdigit())
    if not valid:
        return []
    first, last = _month_index(valid[0]), _month_index(valid[-1])
    date_from, date_to = span
    first = _month_index(date_from[:7]) if date_from else first
    last = _month_index(date_to[:7]) if date_to else last
    if last - first >= MAX_GAP_FILLED:
        return valid
    return [_month_name(i) for i in range(first, last + 1)]


def month_bars(month_facet: list[dict], span: tuple[str | None, str | None] = (None, None)) -> list[Bar]:
    counts = {item["value"]: item["count"] for item in month_facet}
    months = month_axis(counts, span)
    if not months:
        return []
    tallest = max(counts.values())
    bars, last_year = [], None
    for month in months:
        count = counts.get(month, 0)
        year = month[:4]
        bars.append(Bar(month, count, round(100 * count / tallest, 1), year if year != last_year else None))
        last_year = year
    return bars


def histogram(month_facet: list[dict], span: tuple[str | None, str | None] = (None, None)) -> Chart | None:
    """The chart of a result's months; span is the request's from/to range, if any."""
    bars = month_bars(month_facet, span)
    if not bars:
        return None
    tallest = max(bar.count for bar in bars)
    ticks = [tallest, round(tallest / 2), 0] if tallest > 1 else [tallest, 0]
    return Chart(bars, list(dict.fromkeys(ticks)), len(bars) <= COUNTS_ON_BARS)
