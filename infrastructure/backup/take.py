"""`opsledger backup FILE`: a consistent copy of the log, written beside FILE and renamed."""

from __future__ import annotations

import contextlib
import gzip
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from application.ports import Clock
from infrastructure.backup.errors import BackupFileError, NoStore
from infrastructure.backup.format import Trailer
from infrastructure.backup.snapshot import log_snapshot
from infrastructure.backup.writer import write_backup
from infrastructure.opsledger import Opsledger
from infrastructure.settings import store_timeouts_from_environment
from infrastructure.store.url import StoreUrl


def take_backup(
    store: StoreUrl,
    path: str,
    *,
    force: bool = False,
    clock: Clock | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Trailer:
    """Copy the store's whole log, as one read transaction sees it, to the file `path`; returns
    the trailer, whose digest is the one to keep. An existing file is replaced only when
    `force` is given, and only once the new copy is complete."""
    if store.kind == "sqlite" and not os.path.exists(store.path):
        raise NoStore(store.display())
    if not force and os.path.lexists(path):
        raise BackupFileError(f"{path} exists: name another file, or give --force to replace it")
    with Opsledger(store, clock=clock) as opsledger:
        timeouts = store_timeouts_from_environment()
        with log_snapshot(store, timeouts) as snapshot, _replacing(path) as out:
            return write_backup(
                snapshot,
                out,
                mapper=opsledger.ledger.mapper,
                created_at=opsledger.clock.now(),
                progress=progress,
            )


@contextmanager
def _replacing(path: str) -> Iterator[gzip.GzipFile]:
    """A gzip stream into `path`.tmp (readable by its owner alone: it holds every record),
    synced and renamed to `path` when the block succeeds, removed when it fails."""
    temporary = f"{path}.tmp"
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise BackupFileError(f"cannot write {path}: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with gzip.GzipFile(
                filename=os.path.basename(path), mode="wb", fileobj=raw, compresslevel=6
            ) as compressed:
                yield compressed
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
        _sync_directory(os.path.dirname(os.path.abspath(path)))
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise BackupFileError(f"cannot write {path}: {error.strerror}") from None
        raise


def _sync_directory(directory: str) -> None:
    """Make the rename itself durable: a backup that vanishes in a power cut is no backup."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
