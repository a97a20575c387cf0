"""Hypothesis strategies for JSON values as a service might send them."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

#: Text as JSON carries it: any code point, NUL and lone surrogates ("\ud800" escapes) included.
TEXT = st.text(alphabet=st.characters(), max_size=12)

#: Integers as JSON carries them: unbounded, beyond what a 64-bit store holds.
INTEGERS = st.integers(min_value=-(2**70), max_value=2**70)

SCALARS: st.SearchStrategy[Any] = (
    st.none() | st.booleans() | INTEGERS | TEXT | st.floats(allow_nan=False, allow_infinity=False)
)

#: Any JSON value: scalars, arrays and objects, nested.
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(TEXT, children, max_size=4),
    max_leaves=12,
)

#: JSON objects with random keys, some of them envelope field names.
JSON_OBJECTS: st.SearchStrategy[dict[str, Any]] = st.dictionaries(
    TEXT
    | st.sampled_from(
        ["type", "command_id", "aggregate_id", "actor", "occurred_at", "payload", "reason"]
    ),
    JSON_VALUES,
    max_size=6,
)
