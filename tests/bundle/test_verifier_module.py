"""verify_bundle.py stands alone: it imports the standard library and nothing else, and its
link is the product's link, computed apart."""

from __future__ import annotations

import ast
import hashlib
import sys
import uuid
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from infrastructure.bundle import verify_bundle
from infrastructure.integrity.chain import link
from tests.integrity.raw_log import preimage

SOURCE = Path(verify_bundle.__file__)


def test_imports_only_the_standard_library() -> None:
    tree = ast.parse(SOURCE.read_text(encoding="utf-8"))
    imported: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import"
            imported.add((node.module or "").split(".")[0])
    assert imported - {"__future__"} <= sys.stdlib_module_names, imported


@given(
    previous=st.binary(min_size=32, max_size=32),
    position=st.integers(min_value=1, max_value=2**63 - 1),
    version=st.integers(min_value=-(2**63), max_value=2**63 - 1),
    topic=st.text(),
    state=st.binary(max_size=2000),
    originator=st.uuids(),
)
def test_its_link_is_the_products(
    previous: bytes, position: int, version: int, topic: str, state: bytes, originator: uuid.UUID
) -> None:
    ours = link(
        previous,
        position=position,
        originator_id=originator,
        originator_version=version,
        topic=topic,
        state=state,
    )
    assert ours == verify_bundle.link(
        previous,
        position=position,
        originator_id=originator.bytes,
        version=version,
        topic=topic,
        state=state,
    )
    # And both are the formula written out in the tests' own words.
    assert (
        ours
        == hashlib.sha256(
            preimage(
                previous,
                position=position,
                originator_id=originator,
                version=version,
                topic=topic,
                state=state,
            )
        ).digest()
    )
