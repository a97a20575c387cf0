"""`audit export`: the log, or a range of it, written to a directory an auditor can take away
and check anywhere with `python3 -I verify_bundle.py`."""

from __future__ import annotations

from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from uuid import UUID

import attrs
import orjson
from eventsourcing.persistence import Mapper

from infrastructure.bundle.errors import BundleError, DirectoryNotEmpty
from infrastructure.bundle.event_lines import EventLines
from infrastructure.integrity.chain import GENESIS
from infrastructure.integrity.log_pages import chain_hash_at, last_position, stored_pages
from infrastructure.integrity.verify import Digest
from infrastructure.presentation.progress import Progress
from infrastructure.serialisation.mapper import LedgerMapper
from infrastructure.sql.database import Database

EVENTS, DIGEST, README, VERIFIER = "events.jsonl", "digest.json", "README.md", "verify_bundle.py"

#: Bytes gathered before each write: few system calls, and memory stays small.
_WRITE_BUFFER = 1 << 20


@attrs.frozen(kw_only=True)
class Exported:
    """What an export wrote: the positions it holds, how many events, and its digest."""

    directory: Path
    first: int
    last: int
    events: int
    digest: Digest
    previous_hash: str

    def digest_json(self) -> dict[str, object]:
        """digest.json: `audit digest`'s position and hash, and the range the bundle holds."""
        return {
            **self.digest.to_json(),
            "from_position": self.first,
            "to_position": self.last,
            "previous_hash": self.previous_hash,
            "events": self.events,
        }


def export_bundle(
    database: Database,
    mapper: Mapper[UUID],
    directory: Path,
    *,
    first: int = 1,
    last: int | None = None,
    exported_at: datetime,
    progress: Progress | None = None,
) -> Exported:
    """Write positions `first` to `last` (default: the newest when the export starts) of the
    log as stored into `directory`, which must be new or empty. The events go out a page at a
    time, so memory stays the same whatever the size of the log. The bundle says what is
    stored; its verifier, not the export, judges whether that is intact."""
    if not isinstance(mapper, LedgerMapper):
        raise BundleError("the store is not read through opsledger's mapper")
    head = last_position(database)
    last = head if last is None else min(last, head)
    if first > head:
        raise BundleError(f"nothing to export: the log ends at position {head}")
    if last < first:
        raise BundleError(f"nothing to export: no positions from {first} to {last}")
    _prepare(directory)
    previous = GENESIS if first == 1 else chain_hash_at(database, first - 1)
    lines = EventLines(mapper, previous_hash=previous)
    shown = progress or Progress("exporting")
    total = last - first + 1
    count, head_hash, at = 0, previous, first - 1
    try:
        with (directory / EVENTS).open("wb", buffering=_WRITE_BUFFER) as events:
            for page in stored_pages(database, first=first, last=last):
                events.write(lines.lines(page))
                count += len(page)
                at, head_hash = page[-1][0], _hash_bytes(page[-1][5])
                shown(count, total)
        shown.finish()
        exported = Exported(
            directory=directory,
            first=first,
            last=at,
            events=count,
            digest=Digest(position=at, hash=head_hash.hex() if head_hash is not None else ""),
            previous_hash=previous.hex() if previous is not None else "",
        )
        _write(directory / VERIFIER, _packaged(VERIFIER))
        _write(directory / README, _readme(exported, exported_at=exported_at))
        # Last: a bundle without its digest is one whose export did not finish.
        _write(directory / DIGEST, orjson.dumps(exported.digest_json(), option=orjson.OPT_INDENT_2))
    except OSError as error:
        raise BundleError(f"cannot write the bundle in {directory}: {error.strerror}") from None
    return exported


def _hash_bytes(value: object) -> bytes | None:
    if value is None:
        return None
    return value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogateescape")


def _prepare(directory: Path) -> None:
    """A new directory (readable by its owner alone, like the store), or an empty one."""
    try:
        if directory.exists():
            if not directory.is_dir():
                raise DirectoryNotEmpty(f"{directory} is not a directory")
            if any(directory.iterdir()):
                raise DirectoryNotEmpty(f"{directory} is not empty; export into a new directory")
            return
        directory.mkdir(mode=0o700, parents=True)
    except OSError as error:
        raise BundleError(f"cannot make the directory {directory}: {error.strerror}") from None


def _write(path: Path, content: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(content)
        if not content.endswith(b"\n"):
            handle.write(b"\n")


def _packaged(name: str) -> bytes:
    return resources.files("infrastructure.bundle").joinpath(name).read_bytes()


def _readme(exported: Exported, *, exported_at: datetime) -> bytes:
    template = Template(_packaged("auditor_readme.md").decode("utf-8"))
    return template.substitute(
        first=exported.first,
        last=exported.last,
        events=f"{exported.events:,}",
        exported_at=exported_at.isoformat(timespec="seconds"),
        previous_hash=exported.previous_hash,
        head_hash=exported.digest.hash,
    ).encode("utf-8")
