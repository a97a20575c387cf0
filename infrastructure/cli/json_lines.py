"""Submit's input as envelopes: one per line, split on newlines only, each line bounded, decoded
and parsed on its own; or one pretty-printed envelope spread over several lines. Each keeps the
excerpt of its line the security log needs should it not be a readable command."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from io import BytesIO
from typing import Any, Protocol

import attrs
import orjson

from application.batch import Line, Unreadable
from application.security_log import EXCERPT_BYTES, Excerpt

#: The longest line read, in bytes: a longer one is refused unread, so memory stays bounded.
MAX_LINE_BYTES = 1 << 20

#: How much of an over-long line is read at a time while it is skipped.
_SKIP_BYTES = 1 << 16

#: What a blank line may hold (JSON's whitespace).
_BLANK = b" \t\r\n"


class Readable(Protocol):
    """A byte stream read a line at a time, as `sys.stdin.buffer` and files opened "rb" are."""

    def readline(self, size: int = -1, /) -> bytes: ...


@attrs.frozen
class Entry:
    """One envelope of the input: the JSON value read from it, or why its line was not read;
    and the excerpt of its line (its start, size and SHA-256)."""

    line: int
    value: Any = None
    problem: str | None = None
    #: Not compared: it follows from the line.
    excerpt: Excerpt | None = attrs.field(default=None, eq=False)

    def item(self) -> Line | Unreadable:
        """The entry as one item of a batch of commands."""
        if self.problem is not None:
            return Unreadable(self.problem, self.excerpt)
        return Line(self.value, self.excerpt or Excerpt.of(b""))


def envelopes(stream: Readable) -> Iterator[Entry]:
    """Each non-blank line of `stream` as one entry, in order, read as it arrives: a line that
    is too long, not UTF-8 or not JSON is that line's problem alone. An input whose first line
    is not JSON on its own may be one pretty-printed envelope: when all of it fits in
    MAX_LINE_BYTES and is one JSON value, it is a single entry."""
    start = _through_first_content(stream)
    if not _parses_alone(start):
        start += _read_up_to(stream, MAX_LINE_BYTES + 1 - len(start))
        if len(start) <= MAX_LINE_BYTES:  # the whole input, ended within the limit
            whole = _entry(1, start)
            if whole.problem is None:
                yield whole
                return
    yield from _each_line(_Continued(start, stream))


def _each_line(stream: Readable) -> Iterator[Entry]:
    number = 0
    while line := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            yield Entry(
                number,
                problem=f"line {number} is longer than {MAX_LINE_BYTES} bytes; not read",
                excerpt=_skip_rest_of_line(stream, line),
            )
            continue
        content = line.removesuffix(b"\n").removesuffix(b"\r")
        if content.strip(_BLANK):
            yield _entry(number, content)


def _entry(number: int, content: bytes) -> Entry:
    excerpt = Excerpt.of(content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return Entry(
            number,
            problem=f"line {number} is not UTF-8 text: byte {content[error.start]:#04x} "
            f"at position {error.start + 1}",
            excerpt=excerpt,
        )
    try:
        return Entry(number, value=orjson.loads(text), excerpt=excerpt)
    except orjson.JSONDecodeError as error:
        return Entry(number, problem=f"line {number} is not valid JSON: {error}", excerpt=excerpt)


def _through_first_content(stream: Readable) -> bytes:
    """The input up to the end of its first non-blank line, at most MAX_LINE_BYTES + 1 bytes."""
    start = b""
    while len(start) <= MAX_LINE_BYTES:
        line = stream.readline(MAX_LINE_BYTES + 1 - len(start))
        start += line
        if not line or line.strip(_BLANK):
            break
    return start


def _parses_alone(start: bytes) -> bool:
    """Whether the start of the input is blank or its first non-blank line is JSON by itself."""
    if len(start) > MAX_LINE_BYTES:
        return False
    content = start.strip(_BLANK)
    return not content or _entry(1, content).problem is None


def _read_up_to(stream: Readable, size: int) -> bytes:
    parts: list[bytes] = []
    while size > 0 and (part := stream.readline(size)):
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _skip_rest_of_line(stream: Readable, start: bytes) -> Excerpt:
    """Read past the rest of a line too long to keep, whose first bytes were `start`: its
    excerpt, with the size and SHA-256 of the line (without its line end) taken as it streams
    by."""
    digest, size, held = hashlib.sha256(), 0, b""
    part = start
    while True:
        ended = part.endswith(b"\n")
        data = held + part.removesuffix(b"\n")
        held = b""
        if ended:
            data = data.removesuffix(b"\r")
        elif data.endswith(b"\r"):  # the line end may be CR LF across two reads
            data, held = data[:-1], b"\r"
        digest.update(data)
        size += len(data)
        part = b"" if ended else stream.readline(_SKIP_BYTES)
        if not part:
            digest.update(held)
            size += len(held)
            return Excerpt(head=start[:EXCERPT_BYTES], sha256=digest.hexdigest(), size=size)


class _Continued:
    """A stream whose start was already read: its lines run on across the seam."""

    def __init__(self, start: bytes, rest: Readable) -> None:
        self._start = BytesIO(start)
        self._rest = rest

    def readline(self, size: int = -1, /) -> bytes:
        line = self._start.readline(size)
        if line.endswith(b"\n") or 0 <= size <= len(line):
            return line
        return line + self._rest.readline(size - len(line) if size >= 0 else -1)
