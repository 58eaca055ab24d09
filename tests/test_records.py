"""`records.fast_init`: the faster constructor keeps every promise of a frozen dataclass."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgaudit.records import fast_init
from orgaudit.scoring import CriterionResult


@dataclass(frozen=True)
class Plain:
    id: str
    weight: float
    value: object = None
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)


@fast_init
@dataclass(frozen=True)
class Fast:
    id: str
    weight: float
    value: object = None
    tags: tuple[str, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)


@given(
    st.text(),
    st.floats(allow_nan=False),
    st.none() | st.integers() | st.text(),
    st.lists(st.text(), max_size=3).map(tuple),
)
def test_fast_and_plain_agree(id: str, weight: float, value: object, tags: tuple[str, ...]) -> None:
    plain, fast = Plain(id, weight, value, tags), Fast(id, weight, value, tags)
    assert dataclasses.asdict(plain) == dataclasses.asdict(fast)
    assert repr(fast) == repr(plain).replace("Plain(", "Fast(")
    assert fast == Fast(id, weight, value, tags)
    result = CriterionResult(id, "d", "scored", "rule", weight, value, 0.5, None, tags)  # type: ignore[arg-type]
    assert hash(result) == hash(dataclasses.replace(result))
    assert pickle.loads(pickle.dumps(fast)) == fast
    assert dataclasses.replace(fast, weight=2.0).weight == 2.0


def test_defaults_and_factories_are_the_dataclasss() -> None:
    one, two = Fast("a", 1.0), Fast("b", 1.0)
    assert (one.value, one.tags, one.extra) == (None, (), {})
    assert one.extra is not two.extra  # a fresh dict each time, as default_factory gives
    assert Fast(id="c", weight=0.5, extra={"x": 1}).extra == {"x": 1}
    with pytest.raises(TypeError):
        Fast("a")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Fast("a", 1.0, nope=1)  # type: ignore[call-arg]


def test_still_frozen() -> None:
    result = CriterionResult("c", "d", "scored", "rule", 1.0, "yes", 1.0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 0.0  # type: ignore[misc]
    assert CriterionResult.__init__.__qualname__ == "CriterionResult.__init__"


def test_refuses_what_it_cannot_keep() -> None:
    @dataclass
    class Mutable:
        x: int

    @dataclass(frozen=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            assert self.x

    for cls in (Mutable, Checked):
        with pytest.raises(TypeError):
            fast_init(cls)
