"""JSON columns that hold payload text: sealed with the log's keys while one is set.

A plain value is a JSON object; a sealed one is a JSON string, the base64 of the sealed bytes
of the JSON text, so each row says which it is and a table may hold both (rows written before
a key was set). SQLite gives such a column back as JSON text, PostgreSQL's JSONB as the value.
"""

from __future__ import annotations

import binascii
from base64 import b64decode, b64encode
from typing import Any

import orjson

from infrastructure.serialisation.cipher import Keyring
from infrastructure.sql.database import Dialect


def seal_document(keyring: Keyring, document: Any) -> str:
    """The string a sealed column holds for `document` (JSON primitives): base64 of the
    encrypted JSON text."""
    return b64encode(keyring.seal(orjson.dumps(document))).decode()


def open_document(keyring: Keyring, sealed: str) -> Any:
    """The document a sealed column's string holds: `PayloadKeyMissing` without its key,
    `SealBroken` (a ValueError) when it was altered."""
    try:
        data = b64decode(sealed, validate=True)
    except binascii.Error:
        raise ValueError("a sealed column value is not base64") from None
    return orjson.loads(keyring.open(data))


def stored_json(stored: Any, *, dialect: Dialect) -> Any:
    """A JSON column's value as read: parsed from SQLite's text, as it is from PostgreSQL."""
    return orjson.loads(stored) if dialect == "sqlite" and stored is not None else stored


def json_for_column(keyring: Keyring, document: Any) -> str:
    """The JSON text to store for `document`: itself, or, with a key set, sealed into one JSON
    string."""
    if not keyring.sealing:
        return orjson.dumps(document).decode()
    return orjson.dumps(seal_document(keyring, document)).decode()


def json_from_column(keyring: Keyring, stored: Any, *, dialect: Dialect) -> tuple[Any, bool]:
    """The document a JSON column holds, opened if sealed, and whether it was."""
    value = stored_json(stored, dialect=dialect)
    if not isinstance(value, str):
        return value, False
    return open_document(keyring, value), True
