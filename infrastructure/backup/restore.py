"""`opsledger restore FILE`: a backup into an empty store, checked whole before it commits,
then every read model rebuilt from the restored log."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import AbstractContextManager
from itertools import islice

import attrs

from application.commands.catalogue import KINDS
from application.sweep import fill_index
from infrastructure.backup.errors import BackupFileError, ReadModelsNotRebuilt, StoreNotEmpty
from infrastructure.backup.format import Entry
from infrastructure.backup.postgres_target import postgres_log
from infrastructure.backup.reader import BackupReader
from infrastructure.backup.sqlite_target import sqlite_log
from infrastructure.backup.target import Append
from infrastructure.integrity.log_pages import events_table
from infrastructure.integrity.verify import Digest
from infrastructure.opsledger import Opsledger
from infrastructure.settings import store_timeouts_from_environment
from infrastructure.store.url import StoreUrl

#: Entries written per call into the store (the file is read one line at a time).
BATCH = 1000


@attrs.frozen(kw_only=True)
class Restored:
    """What a restore put back: the events, the digest of the restored log (the backup's), how
    many events each read model was rebuilt from, and how many deadlines run."""

    entries: int
    digest: Digest
    projections: Mapping[str, int]
    deadlines: int


def restore_backup(
    store: StoreUrl, path: str, *, progress: Callable[[int, int], None] | None = None
) -> Restored:
    """Put the backup at `path` back into the store, which must hold no event. Every line is
    checked and every link recomputed before anything commits: a backup cut short or edited
    anywhere leaves the store as empty as it was (a SQLite file that did not exist is removed
    again). Then the read models are rebuilt: the audit trail and the deadline index."""
    with _open(path) as handle:
        # A file that is not a backup is refused here, before the store is touched.
        reader = BackupReader(handle, name=path)
        created = store.kind == "sqlite" and not os.path.exists(store.path)
        try:
            with Opsledger(store) as opsledger:  # creates the tables of a new store
                head = opsledger.projections.head()
                if head:
                    raise StoreNotEmpty(store=store.display(), head=head)
                table = events_table(opsledger.database)
            count = 0
            with _empty_log(store, table=table) as append:
                for batch in _batches(reader.entries()):
                    append(batch)
                    count += len(batch)
                    if progress is not None:
                        progress(count, reader.header.entries)
        except BaseException:
            if created:
                _remove_sqlite_files(store.path)
            raise
    trailer = reader.checked_trailer()
    try:
        with Opsledger(store) as opsledger:
            rebuilt = opsledger.projections.rebuild()
            deadlines = fill_index(ledger=opsledger.ledger, index=opsledger.deadlines, kinds=KINDS)
    except Exception as error:  # the log is in and stays: say so, and what to run next
        raise ReadModelsNotRebuilt(
            entries=trailer.entries,
            position=trailer.digest.position,
            head=trailer.digest.hash,
            error=error,
        ) from error
    return Restored(
        entries=trailer.entries, digest=trailer.digest, projections=rebuilt, deadlines=deadlines
    )


def _batches(entries: Iterable[Entry]) -> Iterator[list[Entry]]:
    iterator = iter(entries)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def _open(path: str) -> io.BufferedReader:
    try:
        return open(path, "rb")
    except OSError as error:
        raise BackupFileError(f"cannot read {path}: {error.strerror}") from None


def _empty_log(store: StoreUrl, *, table: str) -> AbstractContextManager[Append]:
    if store.kind == "sqlite":
        return sqlite_log(store.path, table=table, display=store.display())
    timeouts = store_timeouts_from_environment()
    return postgres_log(store.conninfo(timeouts), table=table, display=store.display())


def _remove_sqlite_files(path: str) -> None:
    """A store file this restore created, with its journal files, gone again."""
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
