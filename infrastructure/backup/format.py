"""The backup file: gzip-compressed JSON lines, a header, one line per stored event, a trailer.

Line 1 is the header (format name and version, source dialect, when it was taken, how many
events follow); line k + 1 holds the event at log position k exactly as stored (its bytes in
base64, its chain hash in hex) with its recorded time when the payload could be read; the last
line is the trailer, with the count again and the digest (position and head hash) of the copy.
A file cut anywhere lacks its trailer, and an edited line breaks the chain or the digest.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import attrs
import orjson

from infrastructure.integrity.verify import Digest

FORMAT = "opsledger-backup"
FORMAT_VERSION = 1

_T = TypeVar("_T")


class Unreadable(ValueError):
    """One line of a backup is not what the format says; the message says what is wrong."""


@attrs.frozen(kw_only=True)
class Header:
    """What the first line says: where the copy came from, when, and how many events follow."""

    dialect: str
    created_at: datetime
    entries: int

    def line(self) -> bytes:
        return _line(
            {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "dialect": self.dialect,
                "created_at": self.created_at.isoformat(),
                "entries": self.entries,
            }
        )

    @classmethod
    def parse(cls, document: Any) -> Header:
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise Unreadable(f"not an opsledger backup (the first line names no {FORMAT!r})")
        version = document.get("format_version")
        if type(version) is not int or version != FORMAT_VERSION:
            raise Unreadable(
                f"format version {version!r} is not one this opsledger reads ({FORMAT_VERSION})"
            )
        dialect = _field(document, "dialect", str)
        created_at = _field(document, "created_at", str)
        try:
            when = datetime.fromisoformat(created_at)
        except ValueError:
            raise Unreadable(f"created_at {created_at!r} is not an ISO 8601 time") from None
        return cls(dialect=dialect, created_at=when, entries=_count(document, "entries"))


@attrs.frozen(kw_only=True)
class Entry:
    """One stored event as the log holds it: position, ids, topic, its bytes and its link."""

    position: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes
    chain_hash: bytes
    recorded_at: str | None = None

    def line(self) -> bytes:
        return _line(
            {
                "position": self.position,
                "originator_id": str(self.originator_id),
                "version": self.version,
                "topic": self.topic,
                "state": base64.b64encode(self.state).decode("ascii"),
                "hash": self.chain_hash.hex(),
                "recorded_at": self.recorded_at,
            }
        )

    @classmethod
    def parse(cls, document: dict[str, Any]) -> Entry:
        identifier = _field(document, "originator_id", str)
        try:
            originator_id = UUID(identifier)
        except ValueError:
            raise Unreadable(f"originator_id {identifier!r} is not a UUID") from None
        try:
            state = base64.b64decode(_field(document, "state", str), validate=True)
        except binascii.Error:
            raise Unreadable("state is not base64") from None
        recorded_at = document.get("recorded_at")
        if recorded_at is not None and not isinstance(recorded_at, str):
            raise Unreadable("recorded_at is neither text nor null")
        return cls(
            position=_field(document, "position", int),
            originator_id=originator_id,
            version=_field(document, "version", int),
            topic=_field(document, "topic", str),
            state=state,
            chain_hash=_hash(_field(document, "hash", str), "hash"),
            recorded_at=recorded_at,
        )


@attrs.frozen(kw_only=True)
class Trailer:
    """The last line: how many events the copy holds and the digest of its chain."""

    entries: int
    digest: Digest

    def line(self) -> bytes:
        return _line({"end": FORMAT, "entries": self.entries, "digest": self.digest.to_json()})

    @classmethod
    def parse(cls, document: dict[str, Any]) -> Trailer:
        digest = document.get("digest")
        if not isinstance(digest, dict):
            raise Unreadable("the trailer has no digest")
        head = _field(digest, "hash", str)
        _hash(head, "the digest's hash")
        return cls(
            entries=_count(document, "entries"),
            digest=Digest(position=_count(digest, "position"), hash=head),
        )


def is_trailer(document: dict[str, Any]) -> bool:
    return "end" in document


def _line(document: dict[str, Any]) -> bytes:
    return orjson.dumps(document) + b"\n"


def _field(document: dict[str, Any], name: str, kind: type[_T]) -> _T:
    value = document.get(name)
    # bool is an int to Python, never a position, version or count to a backup
    if not isinstance(value, kind) or isinstance(value, bool):
        raise Unreadable(f"{name} is missing or not {'a whole number' if kind is int else 'text'}")
    return value


def _count(document: dict[str, Any], name: str) -> int:
    value = _field(document, name, int)
    if value < 0:
        raise Unreadable(f"{name} is negative")
    return value


def _hash(text: str, name: str) -> bytes:
    try:
        value = bytes.fromhex(text)
    except ValueError:
        value = b""
    if len(value) != 32 or value.hex() != text:
        raise Unreadable(f"{name} is not 64 lower-case hex digits")
    return value
