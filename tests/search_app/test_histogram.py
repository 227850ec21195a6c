"""The month histogram of the search page, from the month facet's counts (no server)."""

from __future__ import annotations

from search_app.histogram import COUNTS_ON_BARS, MAX_GAP_FILLED, histogram, month_axis, month_bars


def test_histogram_fills_gaps_between_months():
    assert month_axis({"2021-01": 1, "2021-04": 2}) == ["2021-01", "2021-02", "2021-03", "2021-04"]
    bars = month_bars([{"value": "2021-04", "count": 2}, {"value": "2020-12", "count": 1}])
    assert [b.month for b in bars] == ["2020-12", "2021-01", "2021-02", "2021-03", "2021-04"]
    assert [b.year_label for b in bars] == ["2020", "2021", None, None, None]
    assert bars[-1].percent > bars[0].percent > 0 == bars[1].percent
    assert month_bars([]) == []


def test_a_long_span_shows_only_the_months_with_results():
    assert month_axis({"2000-01": 1, "2021-06": 3}) == ["2000-01", "2021-06"]
    assert len(month_axis({"2020-01": 1, "2020-12": 1})) == 12
    last_filled = f"{2000 + (MAX_GAP_FILLED - 1) // 12}-{(MAX_GAP_FILLED - 1) % 12 + 1:02d}"
    assert len(month_axis({"2000-01": 1, last_filled: 1})) == MAX_GAP_FILLED
    first_unfilled = f"{2000 + MAX_GAP_FILLED // 12}-{MAX_GAP_FILLED % 12 + 1:02d}"
    assert month_axis({"2000-01": 1, first_unfilled: 1}) == ["2000-01", first_unfilled]


def test_values_that_are_not_months_are_left_out():
    assert month_axis({"2021": 4, "abcd-ef": 1, "2021-05": 2}) == ["2021-05"]


def test_the_axis_says_what_the_tallest_bar_counts():
    chart = histogram([{"value": "2021-01", "count": 10}, {"value": "2021-02", "count": 3}])
    assert chart is not None and chart.ticks == [10, 5, 0] and chart.counts_on_bars
    assert histogram([{"value": "2021-01", "count": 1}]).ticks == [1, 0]
    assert histogram([]) is None


def test_many_bars_keep_their_counts_off_the_bars():
    many = [{"value": f"{2000 + n // 12}-{n % 12 + 1:02d}", "count": 1} for n in range(COUNTS_ON_BARS + 1)]
    assert not histogram(many).counts_on_bars


def test_a_date_range_sets_the_ends_of_the_axis():
    counts = [{"value": "2020-05", "count": 2}, {"value": "2021-02", "count": 1}]
    bars = month_bars(counts, ("2020-01-01", "2021-12-31"))
    assert bars[0].month == "2020-01" and bars[-1].month == "2021-12" and len(bars) == 24
    open_start = [b.month for b in month_bars(counts, (None, "2021-03-31"))]
    assert open_start[0] == "2020-05" and open_start[-1] == "2021-03"
