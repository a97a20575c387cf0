"""Check an opsledger audit bundle with the Python standard library alone.

Run it inside the bundle: `python3 -I verify_bundle.py` (or give the bundle's directory as its
one argument). It recomputes the SHA-256 link of every line of events.jsonl from the hash before
it, checks that the positions run without a gap, and that the last hash is the one digest.json
names. Exit status 0: intact; 1: something differs, named by line and position; 2: the bundle
cannot be checked (a file missing, a bad argument).

The link, for each event: SHA-256 of (previous hash ‖ i32 len(stored bytes) ‖ stored bytes ‖
i64 position ‖ the originator id's 16 bytes ‖ i64 version ‖ i32 len(topic) ‖ topic as UTF-8),
integers big-endian; the hash before position 1 is 32 zero bytes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import struct
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

EXIT_INTACT, EXIT_FINDING, EXIT_UNUSABLE = 0, 1, 2
EVENTS, DIGEST = "events.jsonl", "digest.json"
GENESIS = bytes(32)
_HEX_HASH = re.compile(r"[0-9a-f]{64}")
_LARGEST = 2**63 - 1


class Finding(Exception):
    """The first place where the bundle is not what was exported."""


class Unusable(Exception):
    """The bundle cannot be checked at all."""


class Event(NamedTuple):
    """One line of events.jsonl, its values checked for type and form."""

    line: int
    position: int
    originator_id: bytes
    version: int
    topic: str
    recorded_at: str | None
    stored_bytes: bytes
    decoded: Any
    hash: bytes
    previous_hash: bytes


class Digest(NamedTuple):
    """digest.json: the last position and its hash, and the range the bundle holds."""

    position: int
    hash: bytes
    from_position: int
    previous_hash: bytes


def link(
    previous: bytes, *, position: int, originator_id: bytes, version: int, topic: str, state: bytes
) -> bytes:
    """The chain hash of one event, given the chain hash of the event before it."""
    topic_bytes = topic.encode("utf-8")
    return hashlib.sha256(
        previous
        + struct.pack(">i", len(state))
        + state
        + struct.pack(">q", position)
        + originator_id
        + struct.pack(">q", version)
        + struct.pack(">i", len(topic_bytes))
        + topic_bytes
    ).digest()


def _whole(value: Any, name: str, *, low: int = 0) -> int:
    if type(value) is not int or not low <= value <= _LARGEST:
        raise ValueError(f"{name} is not a whole number from {low}")
    return value


def _hash(value: Any, name: str) -> bytes:
    if not isinstance(value, str) or not _HEX_HASH.fullmatch(value):
        raise ValueError(f"{name} is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def read_digest(path: Path) -> Digest:
    """digest.json, every value checked; a damaged one is a finding."""
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise Unusable(
            f"no {DIGEST} in {path.parent}: not a bundle, or an incomplete one"
        ) from None
    except OSError as error:
        raise Unusable(f"cannot read {path}: {error.strerror}") from None
    except (ValueError, RecursionError):
        raise Finding(f"digest mismatch: {DIGEST} is not JSON") from None
    try:
        if not isinstance(document, dict):
            raise ValueError("it is not a JSON object")
        digest = Digest(
            position=_whole(document.get("position"), "position"),
            hash=_hash(document.get("hash"), "hash"),
            from_position=_whole(document.get("from_position"), "from_position", low=1),
            previous_hash=_hash(document.get("previous_hash"), "previous_hash"),
        )
        if document.get("to_position") != digest.position:
            raise ValueError("to_position is not its position")
        if digest.position < digest.from_position - 1:
            raise ValueError("its position lies before its from_position")
    except ValueError as error:
        raise Finding(f"digest mismatch: {DIGEST} is damaged: {error}") from None
    if digest.from_position == 1 and digest.previous_hash != GENESIS:
        raise Finding(
            f"digest mismatch: {DIGEST} starts at position 1, where the previous hash is "
            "32 zero bytes"
        )
    if digest.position == digest.from_position - 1 and digest.hash != digest.previous_hash:
        raise Finding(f"digest mismatch: {DIGEST} holds no events but names another hash")
    return digest


def parse_event(number: int, text: bytes) -> Event:
    """One line of events.jsonl as an Event; a Finding naming the line if it is not one."""
    try:
        document = json.loads(text)
        if not isinstance(document, dict):
            raise ValueError("not a JSON object")
        originator = document.get("originator_id")
        if not isinstance(originator, str) or str(uuid.UUID(originator)) != originator:
            raise ValueError("originator_id is not a UUID written 8-4-4-4-12 in lowercase")
        topic = document.get("topic")
        recorded_at = document.get("recorded_at")
        stored = document.get("stored_bytes")
        if not isinstance(topic, str):
            raise ValueError("topic is not text")
        topic.encode("utf-8")  # a lone surrogate (written "\\ud800") has no UTF-8
        if recorded_at is not None and not isinstance(recorded_at, str):
            raise ValueError("recorded_at is not text")
        if not isinstance(stored, str):
            raise ValueError("stored_bytes is not base64 text")
        state = base64.b64decode(stored, validate=True)
        if base64.b64encode(state).decode("ascii") != stored:
            raise ValueError("stored_bytes is not base64 in its one form")
        return Event(
            line=number,
            position=_whole(document.get("position"), "position"),
            originator_id=uuid.UUID(originator).bytes,
            version=_whole(document.get("version"), "version", low=-(2**63)),
            topic=topic,
            recorded_at=recorded_at,
            stored_bytes=state,
            decoded=document.get("decoded"),
            hash=_hash(document.get("hash"), "hash"),
            previous_hash=_hash(document.get("previous_hash"), "previous_hash"),
        )
    except (ValueError, binascii.Error, UnicodeError) as error:
        raise Finding(f"line {number}: damaged: not an event line ({error})") from None
    except RecursionError:
        raise Finding(f"line {number}: damaged: nested too deeply to be an event line") from None


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """The numbered lines of events.jsonl, read one at a time; a last line without its newline
    means the file was cut short."""
    try:
        with path.open("rb") as handle:
            for number, text in enumerate(handle, start=1):
                if not text.endswith(b"\n"):
                    raise Finding(f"line {number}: truncated: the file ends inside this line")
                yield number, text
    except FileNotFoundError:
        raise Unusable(
            f"no {EVENTS} in {path.parent}: not a bundle, or an incomplete one"
        ) from None


def _events(path: Path) -> Iterator[tuple[Event, Event | None]]:
    """Each event with the one after it (None after the last): a finding can then tell a
    deleted line from two lines swapped, and an edited hash from edited contents."""
    current: Event | None = None
    try:
        for number, text in _lines(path):
            following = parse_event(number, text)
            if current is not None:
                yield current, following
            current = following
    except Finding:
        if current is not None:  # the line before a damaged one is checked first
            yield current, None
        raise
    if current is not None:
        yield current, None


def check(directory: Path, *, progress: bool = False) -> str:
    """What the bundle holds, if it is intact; else a Finding naming the first line that is not
    what was exported, or Unusable."""
    digest = read_digest(directory / DIGEST)
    previous, expected, count = digest.previous_hash, digest.from_position, 0
    for event, following in _events(directory / EVENTS):
        _check_position(event, following, expected=expected, digest=digest)
        computed = link(
            previous,
            position=event.position,
            originator_id=event.originator_id,
            version=event.version,
            topic=event.topic,
            state=event.stored_bytes,
        )
        where = f"line {event.line} (position {event.position})"
        if event.previous_hash != previous:
            before = f"the previous_hash in {DIGEST}" if count == 0 else "the line before's hash"
            raise Finding(f"{where}: chain broken: its previous_hash is not {before}")
        if computed != event.hash:
            if following is not None and following.previous_hash == computed:
                raise Finding(
                    f"{where}: hash mismatch: its hash was edited (its contents give "
                    "the hash the next line links to)"
                )
            raise Finding(f"{where}: edited: its stored bytes or fields do not give its hash")
        if event.position == digest.position and computed != digest.hash:
            raise Finding(
                f"{where}: digest mismatch: its hash is {computed.hex()}, {DIGEST} says "
                f"{digest.hash.hex()}"
            )
        _check_decoded(event, where)
        previous, expected, count = computed, expected + 1, count + 1
        if progress and count % 10000 == 0:
            print(f"\rchecked {count:,} events", end="", file=sys.stderr, flush=True)
    if progress and count >= 10000:
        print(file=sys.stderr)
    last = expected - 1
    if last < digest.position:
        raise Finding(
            f"truncated: the bundle ends at position {last} (line {count}), but {DIGEST} names "
            f"position {digest.position}: lines are missing from the end"
        )
    if previous != digest.hash:
        raise Finding(
            f"digest mismatch: the hash at position {last} is {previous.hex()}, {DIGEST} says "
            f"{digest.hash.hex()}"
        )
    if count == 0:
        return f"intact: no events (the range after position {last}), hash {previous.hex()}"
    return (
        f"intact: {count:,} events, positions {digest.from_position} to {last}, "
        f"head hash {previous.hex()}"
    )


def _check_position(
    event: Event, following: Event | None, *, expected: int, digest: Digest
) -> None:
    where = f"line {event.line} (position {event.position})"
    if event.position == expected:
        if event.position > digest.position:
            raise Finding(
                f"{where}: inserted: {DIGEST} ends the bundle at position {digest.position}"
            )
        return
    if event.position < digest.from_position:
        raise Finding(
            f"{where}: out of range: the bundle starts at position {digest.from_position}"
        )
    if event.position < expected:
        first = event.line - (expected - event.position)
        raise Finding(f"{where}: inserted: position {event.position} is already at line {first}")
    if following is not None and following.position == expected:
        raise Finding(
            f"{where}: out of order: position {expected} follows it, at line {following.line}"
        )
    if event.position > digest.position and expected > digest.position:
        raise Finding(f"{where}: inserted: {DIGEST} ends the bundle at position {digest.position}")
    raise Finding(
        f"{where}: missing: position {expected} is not in the bundle (a line was "
        "deleted before this one)"
    )


def _check_decoded(event: Event, where: str) -> None:
    """The decoded copy, and recorded_at read from it, must be what the stored bytes say when
    those are JSON. Encrypted or compressed bytes cannot be read here: their decoded copy is
    the exporter's reading, while their hash is checked all the same."""
    if event.decoded is None:
        return
    try:
        stored = json.loads(event.stored_bytes)
    except (ValueError, RecursionError):
        return
    if event.decoded != stored:
        raise Finding(f"{where}: edited: its decoded copy differs from its stored bytes")
    recorded_at = stored.get("recorded_at") if isinstance(stored, dict) else None
    if event.recorded_at != (recorded_at if isinstance(recorded_at, str) else None):
        raise Finding(f"{where}: edited: its recorded_at differs from its stored bytes")


def main(argv: list[str]) -> int:
    """Check the bundle in the directory given, else the one this file lies in."""
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python3 -I verify_bundle.py [BUNDLE_DIRECTORY]", file=sys.stderr)
        return EXIT_UNUSABLE
    directory = Path(argv[0]) if argv else Path(__file__).resolve().parent
    try:
        print(check(directory, progress=sys.stderr.isatty()))
    except Finding as finding:
        print(f"NOT INTACT: {finding}")
        return EXIT_FINDING
    except Unusable as problem:
        print(f"cannot check: {problem}", file=sys.stderr)
        return EXIT_UNUSABLE
    return EXIT_INTACT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
