"""JSON text out: ``jsontext.dumps`` writes exactly what Python's ``json`` writes, whichever
serialiser it uses (pydantic-core's when the two print alike, for start-up time)."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ldn_cli.jsontext import dumps

# Every JSON value: text with control characters, separators, astral characters and lone
# surrogates; integers past 64 bits; floats of every size, NaN and the infinities.
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@given(values)
def test_dumps_writes_what_json_writes(value: Any) -> None:
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps(value, indent=None) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def test_numbers_that_print_differently_still_print_as_json_does() -> None:
    for number in (1e-05, 1.5e-07, 1e16, 2.5e300, float("inf"), float("nan"), -0.0):
        assert dumps({"n": number}) == json.dumps({"n": number}, indent=2)
