"""Read-model columns declared sealed: encrypted while a key is set, with the text columns sealed
in them; plain rows of the same table stay readable; a sealed column is never searched by."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

from application.errors import PayloadKeyMissing
from infrastructure.serialisation.cipher import NO_KEYS, CipherKey, Keyring
from infrastructure.sql.projection_view import read_row, stored_row, writer
from projections.audit_trail import TRAIL
from projections.plugin import Column, Table
from tests.infrastructure.encryption.keys import new_key

NOTES = Table(
    name="notes",
    columns=(
        Column("id", "integer", nullable=False),
        Column("topic", "text", nullable=False),
        Column("remark", "text", sealed_in="body"),
        Column("body", "json", nullable=False, sealed=True),
    ),
    key=("id",),
    indexes=(("topic",),),
)

ROW: dict[str, Any] = {"id": 7, "topic": "quality", "remark": "外壳破裂", "body": {"n": ["退货"]}}


def stored(keyring: Keyring) -> list[Any]:
    writers = [writer("sqlite", column.type) for column in NOTES.columns]
    return stored_row("sqlite", NOTES, ROW, writers=writers, keyring=keyring)


class TestASealedColumn:
    def test_holds_its_value_and_the_columns_sealed_in_it_encrypted(self) -> None:
        keyring = Keyring(current=CipherKey.parse(new_key()))
        values = stored(keyring)
        assert values[:2] == [7, "quality"]  # searched by: in the clear
        assert values[2] is None
        assert isinstance(orjson.loads(values[3]), str)
        assert "外壳破裂" not in str(values)
        assert "退货" not in str(values)
        assert read_row("sqlite", NOTES, values, keyring=keyring) == ROW

    def test_without_a_key_is_stored_plain_and_reads_under_any_keyring(self) -> None:
        values = stored(NO_KEYS)
        assert values == [7, "quality", "外壳破裂", '{"n":["退货"]}']
        keyring = Keyring(current=CipherKey.parse(new_key()))
        assert read_row("sqlite", NOTES, values, keyring=keyring) == ROW

    def test_without_its_key_is_the_clear_error(self) -> None:
        values = stored(Keyring(current=CipherKey.parse(new_key())))
        with pytest.raises(PayloadKeyMissing):
            read_row("sqlite", NOTES, values)

    def test_the_audit_trail_seals_its_payload_and_reason(self) -> None:
        sealed = {column.name for column in TRAIL.columns if column.sealed or column.sealed_in}
        assert sealed == {"payload", "reason"}


class TestDeclarations:
    @pytest.mark.parametrize(
        "columns",
        [
            (Column("id", "integer"), Column("body", "text", sealed=True)),
            (Column("id", "integer"), Column("remark", "text", sealed_in="body")),
            (
                Column("id", "integer"),
                Column("remark", "text", nullable=False, sealed_in="body"),
                Column("body", "json", sealed=True),
            ),
            (Column("id", "integer"), Column("body", "json", sealed=True)),
        ],
    )
    def test_only_unsearched_json_holds_sealed_text(self, columns: tuple[Column, ...]) -> None:
        """Sealed: a json or record column; sealed in one: a nullable text column; neither may
        be a key or indexed (the last case indexes the sealed column)."""
        indexes = (("body",),) if len(columns) == 2 and columns[1].type == "json" else ()
        with pytest.raises(ValueError, match=r"sealed|searched"):
            Table(name="bad", columns=columns, key=("id",), indexes=indexes)
