"""`BandTable.lookup` (a bisection over the bands' mins) agrees with the rule as written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from orgaudit.model import Band, BandTable

MINS = st.sampled_from([-5.0, 0.0, 10.0, 20.0, 25.0, 50.0, 75.0, 100.0, 1.5])


def by_the_rule(table: BandTable, score: float) -> tuple[int, Band]:
    """The band with the highest min not above the score, the first of equal mins; below every
    band, the first band with the lowest min."""
    fitting = [r for r, b in enumerate(table.bands) if b.min <= score + 1e-9]
    if not fitting:
        lowest = min(b.min for b in table.bands)
        rank = next(r for r, b in enumerate(table.bands) if b.min == lowest)
    else:
        highest = max(table.bands[r].min for r in fitting)
        rank = next(r for r in fitting if table.bands[r].min == highest)
    return rank, table.bands[rank]


@given(
    st.lists(MINS, min_size=1, max_size=7),
    st.floats(min_value=-50, max_value=150) | MINS | MINS.map(lambda m: m - 1e-10),
)
def test_lookup_follows_the_rule(mins: list[float], score: float) -> None:
    table = BandTable("t", tuple(Band(label=f"b{i}", min=m, max=100.0) for i, m in enumerate(mins)))
    assert table.lookup(score) == by_the_rule(table, score)
