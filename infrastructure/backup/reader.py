"""Reading a backup back: every line checked, every link recomputed, the trailer matched.

Entries come out one at a time, each already proved to follow the one before it, so a restore
can write them as they come and take everything back at the first line that is wrong.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import orjson

from infrastructure.backup.errors import DamagedBackup
from infrastructure.backup.format import Entry, Header, Trailer, Unreadable, is_trailer
from infrastructure.integrity.chain import GENESIS, link

#: No line `opsledger backup` writes comes near this; a longer one is not a backup's.
LONGEST_LINE = 256 * 1024 * 1024

_GZIP_MAGIC = b"\x1f\x8b"

_T = TypeVar("_T")


class BackupReader:
    """One backup file, read once from start to end: first its header, then its entries."""

    def __init__(self, handle: io.BufferedReader, *, name: str) -> None:
        self._name = name
        self._lines = _lines(handle, name=name)
        self._line = 0
        first = self._next()
        if first is None:
            raise self._damaged("the file is empty, not an opsledger backup")
        self.header = self._parse(first, Header.parse)
        self.trailer: Trailer | None = None

    def entries(self) -> Iterator[Entry]:
        """Every entry in position order; past the last one, the trailer is checked against
        the count and the chain's head, and nothing may follow it."""
        previous, count = GENESIS, 0
        while (document := self._next()) is not None:
            if is_trailer(document):
                self.trailer = self._parse(document, Trailer.parse)
                self._check_trailer(self.trailer, count=count, head=previous.hex())
                if self._next() is not None:
                    raise self._damaged("a line follows the trailer")
                return
            entry = self._parse(document, Entry.parse)
            expected = count + 1
            if entry.position != expected:
                raise self._damaged(
                    f"holds position {entry.position} where {expected} belongs "
                    "(a line was removed, repeated or moved)",
                    position=entry.position,
                )
            computed = link(
                previous,
                position=entry.position,
                originator_id=entry.originator_id,
                originator_version=entry.version,
                topic=entry.topic,
                state=entry.state,
            )
            if computed != entry.chain_hash:
                raise self._damaged(
                    "the event does not match its chain hash (its stored bytes, ids, topic or "
                    "hash were edited)",
                    position=entry.position,
                )
            yield entry
            previous, count = computed, expected
        raise self._damaged(
            f"the file ends after {count} event(s) without its trailer: the backup is cut short"
        )

    def checked_trailer(self) -> Trailer:
        """The trailer, once `entries()` has read to it and found it matching."""
        if self.trailer is None:
            raise RuntimeError("the backup's entries have not been read to the trailer")
        return self.trailer

    def _check_trailer(self, trailer: Trailer, *, count: int, head: str) -> None:
        if trailer.entries != count:
            raise self._damaged(
                f"the trailer counts {trailer.entries} events, the file holds {count}"
            )
        if self.header.entries != count:
            raise self._damaged(
                f"the header announces {self.header.entries} events, the file holds {count}"
            )
        if trailer.digest.position != count or trailer.digest.hash != head:
            raise self._damaged(
                f"the trailer's digest (position {trailer.digest.position}, hash "
                f"{trailer.digest.hash}) is not the head of the chain the file holds "
                f"(position {count}, hash {head})"
            )

    def _next(self) -> dict[str, Any] | None:
        raw = next(self._lines, None)
        if raw is None:
            return None
        self._line += 1
        try:
            document = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise self._damaged("is not JSON (cut short or edited)") from None
        if not isinstance(document, dict):
            raise self._damaged("is not a JSON object")
        return document

    def _parse(self, document: dict[str, Any], parse: Callable[[dict[str, Any]], _T]) -> _T:
        try:
            return parse(document)
        except Unreadable as error:
            position = document.get("position")
            raise self._damaged(
                str(error), position=position if type(position) is int else None
            ) from None

    def _damaged(self, problem: str, *, position: int | None = None) -> DamagedBackup:
        return DamagedBackup(
            path=self._name, line=max(self._line, 1), problem=problem, position=position
        )


def _lines(handle: io.BufferedReader, *, name: str) -> Iterator[bytes]:
    """The file's lines, decompressed when it is gzip (as written) and read as it is when it
    was unpacked; a damaged or cut compressed stream is named after the last whole line."""
    stream: io.BufferedIOBase = handle
    if handle.peek(2)[:2] == _GZIP_MAGIC:
        stream = gzip.GzipFile(fileobj=handle, mode="rb")
    number = 0
    while True:
        try:
            line = stream.readline(LONGEST_LINE)
        except EOFError:
            raise DamagedBackup(
                path=name,
                line=number + 1,
                problem="the compressed file is cut short: the backup is incomplete",
            ) from None
        except (gzip.BadGzipFile, zlib.error) as error:
            raise DamagedBackup(
                path=name, line=number + 1, problem=f"the compressed data is damaged ({error})"
            ) from None
        if not line:
            return
        number += 1
        if len(line) >= LONGEST_LINE and not line.endswith(b"\n"):
            raise DamagedBackup(
                path=name, line=number, problem="is far longer than any backup line"
            )
        yield line
