"""The security log in the chain: each refused command is a `CommandRefused` entry of the one
log, in a stream of its own, saying who sent what, when, and why it was refused."""

from __future__ import annotations

import codecs
import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID, uuid4

import attrs

from application.commands.readers import printable
from application.envelope import Envelope
from domain.shared.actor import SYSTEM_ACTOR
from domain.shared.errors import DomainError
from domain.shared.events import Event
from domain.shared.recorded import Recorded

#: The most the security log keeps of one short field (ids, type, roles, department), in bytes.
FIELD_BYTES = 1024

#: The most it keeps of a refusal's message, and of its details as JSON, in bytes.
TEXT_BYTES = 4096

#: The most it keeps of the start of an input line that is not a readable command, in bytes as
#: stored (a byte that is not UTF-8 is kept as a `\xNN` escape, a control character as a JSON
#: escape).
EXCERPT_BYTES = 2048


@attrs.frozen(kw_only=True)
class CommandRefused(Event):
    """A command was refused (DOMAIN §1): who sent it (as the sender named themselves), what it
    was, when (`occurred_at`, the clock's now) and why (the code, message and details the sender
    was given). The system records it, so the event's own actor is the system. Every text is cut
    to a few KB (see `bounded`); for input that was not a readable command, the start of its
    line and the size and SHA-256 of the whole line identify it."""

    aggregate_type: ClassVar[str] = "refusal"

    actor_id: str | None
    #: The sender's roles as sent, sorted and comma-separated.
    actor_roles: str
    actor_department: str | None
    command_type: str | None
    command_id: str | None
    aggregate_id: UUID | None
    code: str
    message: str
    #: The refusal's details (the bad fields, the roles allowed, ...) as a JSON object.
    details: str
    excerpt: str | None = None
    line_sha256: str | None = None
    line_bytes: int | None = None


@attrs.frozen(kw_only=True)
class Excerpt:
    """What the security log keeps of an input line that is not a readable command: its start,
    and the size and SHA-256 of all of it, so the line can be matched without being stored."""

    #: The first EXCERPT_BYTES of the line, as read.
    head: bytes
    sha256: str
    size: int

    @classmethod
    def of(cls, line: bytes) -> Excerpt:
        """The excerpt of a whole line held in memory."""
        return cls(
            head=line[:EXCERPT_BYTES], sha256=hashlib.sha256(line).hexdigest(), size=len(line)
        )

    @property
    def start(self) -> str:
        """The start of the line as text, at most EXCERPT_BYTES as stored: bytes that are not
        UTF-8 escaped (`\\xff`), and a character cut at the end left out."""
        # Not final when cut: a character split at the cut is left out, not escaped.
        decoder = codecs.getincrementaldecoder("utf-8")("backslashreplace")
        text = decoder.decode(self.head, final=self.size <= len(self.head))
        return fitting(printable(text), limit=EXCERPT_BYTES)


def bounded(text: str | None, *, limit: int) -> str | None:
    """`text` if it takes at most `limit` bytes as stored (UTF-8 in JSON, escapes included);
    else as much of its start as fits, marked as cut, with the size and SHA-256 of the whole,
    so a refusal never costs more than a few KB however much was sent and the full value can
    still be matched."""
    if text is None or (len(text) * 4 <= limit and text.isprintable()):
        return text
    # As the store will write it: UTF-8, with JSON's escapes and without the quotes around it.
    if len(json.dumps(text, ensure_ascii=False).encode("utf-8", "surrogatepass")) - 2 <= limit:
        return text
    data = text.encode("utf-8", "surrogatepass")
    marker = f" …[cut: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}]"
    return fitting(text, limit=limit - len(marker.encode("utf-8"))) + marker


def fitting(text: str, *, limit: int) -> str:
    """The longest start of `text` that takes at most `limit` bytes as stored."""
    used = 0
    for index, character in enumerate(text):
        used += _stored_bytes(character)
        if used > limit:
            return text[:index]
    return text


def _stored_bytes(character: str) -> int:
    """What one character takes in the stored JSON: a control character is written as an
    escape (`\\u0007`, six bytes), a quote or backslash as two, anything else as UTF-8."""
    code = ord(character)
    if code < 0x20:
        return 2 if character in "\b\f\n\r\t" else 6
    if character in '"\\':
        return 2
    return 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4


def details_json(details: Mapping[str, Any]) -> str:
    """A refusal's details as a JSON object of at most TEXT_BYTES; anything JSON cannot hold
    exactly is written as text, and details too long are kept as the start of their JSON."""
    try:
        text = json.dumps(details, default=str, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):  # e.g. a NaN, or a value that refers to itself
        text = json.dumps({"unreadable": printable(str(details))[:TEXT_BYTES]})
    if len(json.dumps(text)) - 2 <= TEXT_BYTES:  # as stored: ASCII, its quotes escaped
        return text
    # Kept as one JSON string, escaped twice as stored: its start gets a quarter of the room.
    return json.dumps({"cut": bounded(text, limit=TEXT_BYTES // 4)})


def refusal_entry(
    *,
    raw: object,
    envelope: Envelope | None,
    error: DomainError,
    at: datetime,
    excerpt: Excerpt | None = None,
) -> Recorded:
    """The log entry for one refused command, in a new stream of its own: never an aggregate's,
    so no aggregate's history or version changes. `raw` is the command as sent; `excerpt` what
    is kept of its line when it is not a readable command (no envelope)."""
    raw_map: Mapping[object, object] = raw if isinstance(raw, Mapping) else {}
    raw_actor = raw_map.get("actor")
    actor: Mapping[object, object] = raw_actor if isinstance(raw_actor, Mapping) else {}
    if envelope is not None:
        actor_id: str | None = envelope.actor.id
        roles = tuple(sorted(role.value for role in envelope.actor.roles))
        department: str | None = envelope.actor.department
    else:
        actor_id = _text(actor.get("id"))
        raw_roles = actor.get("roles")
        listed = raw_roles if isinstance(raw_roles, list) else []
        roles = tuple(sorted(text for role in listed if (text := _text(role)) is not None))
        department = _text(actor.get("department"))
    kept = excerpt if envelope is None else None
    event = CommandRefused(
        occurred_at=at,
        actor=SYSTEM_ACTOR,
        actor_id=_short(actor_id),
        actor_roles=_short(",".join(roles)) or "",
        actor_department=_short(department),
        command_type=_short(_text(raw_map.get("type"))),
        command_id=_short(_text(raw_map.get("command_id"))),
        aggregate_id=envelope.aggregate_id if envelope else None,
        code=error.code,
        message=bounded(printable(error.message), limit=TEXT_BYTES) or "",
        details=details_json(error.details),
        excerpt=kept.start if kept else None,
        line_sha256=kept.sha256 if kept else None,
        line_bytes=kept.size if kept else None,
    )
    stream = uuid4()
    if envelope is None:  # no command id to trust: the refusal's own stands in for it
        return Recorded(
            originator_id=stream,
            originator_version=1,
            recorded_at=at,
            event=event,
            command_id=stream,
            correlation_id=stream,
        )
    return Recorded(
        originator_id=stream,
        originator_version=1,
        recorded_at=at,
        event=event,
        command_id=envelope.command_id,
        correlation_id=envelope.correlation_id or envelope.command_id,
        causation_id=envelope.causation_id,
    )


def _short(text: str | None) -> str | None:
    return bounded(text, limit=FIELD_BYTES)


def _text(value: object) -> str | None:
    return printable(value) if isinstance(value, str) else None
