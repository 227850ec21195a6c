"""Bars of a month histogram (from facets.month), laid out for an inline SVG."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH, HEIGHT, AXIS = 720, 120, 18
MAX_GAP_FILLED = 120  # months: a longer span shows only the months that have results


@dataclass
class Bar:
    month: str
    count: int
    x: float
    y: float
    width: float
    height: float
    year_label: str | None  # shown under the first bar of each year


def _month_index(month: str) -> int:
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def _month_name(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def month_axis(counts: dict[str, int]) -> list[str]:
    """Every month from the first to the last with results, gaps included while the span is short."""
    valid = sorted(m for m in counts if len(m) == 7 and m[4] == "-" and m.replace("-", "").isdigit())
    if not valid:
        return []
    first, last = _month_index(valid[0]), _month_index(valid[-1])
    if last - first >= MAX_GAP_FILLED:
        return valid
    return [_month_name(i) for i in range(first, last + 1)]


def month_bars(month_facet: list[dict]) -> list[Bar]:
    counts = {item["value"]: item["count"] for item in month_facet}
    months = month_axis(counts)
    if not months:
        return []
    slot = WIDTH / len(months)
    tallest = max(counts.values())
    bars, last_year = [], None
    for position, month in enumerate(months):
        count = counts.get(month, 0)
        height = (HEIGHT - AXIS - 4) * count / tallest if count else 0
        year = month[:4]
        bars.append(
            Bar(
                month,
                count,
                round(position * slot + slot * 0.1, 2),
                round(HEIGHT - AXIS - height, 2),
                round(max(slot * 0.8, 1), 2),
                round(height, 2),
                year if year != last_year else None,
            )
        )
        last_year = year
    return bars
