"""`opsledger backup FILE` and `opsledger restore FILE`: the logical copy of the log and its
restore into an empty store (the restore drill, and the way from SQLite to PostgreSQL)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from infrastructure.backup.errors import BackupError, BackupFileError
from infrastructure.backup.restore import restore_backup
from infrastructure.backup.take import take_backup
from infrastructure.cli.arguments import as_json
from infrastructure.cli.errors import UsageError
from infrastructure.presentation.backups import show_restored
from infrastructure.presentation.documents import emit_json
from infrastructure.presentation.progress import Progress
from infrastructure.store.url import StoreUrl


def register(commands: Any) -> None:
    backup = commands.add_parser(
        "backup",
        help="copy the whole log to a compressed file; print its digest (JSON) to keep",
        description="Copy every stored event (position, ids, topic, stored bytes, chain hash, "
        "recorded time) as one consistent read of the store sees it, to FILE: gzip-compressed "
        "JSON lines with a header and a trailer holding the digest. The copy is written to "
        "FILE.tmp and renamed when complete. Prints the digest (the same JSON as `opsledger "
        "audit digest`): keep it apart from the backup, and check a restore with `opsledger "
        "audit verify --digest`. Exit status 1 when the log does not verify.",
    )
    backup.add_argument("file", help="the backup file to write")
    backup.add_argument("--force", action="store_true", help="replace FILE if it exists")
    backup.set_defaults(run=_backup)

    restore = commands.add_parser(
        "restore",
        help="put a backup back into an empty store, then rebuild the read models",
        description="Restore a file written by `opsledger backup` into a store that holds no "
        "event yet (a new SQLite file, or a PostgreSQL database without events), the log byte "
        "for byte: same positions, stored bytes and chain hashes. Every line is checked and "
        "every link recomputed before anything is committed; a backup cut short or edited is "
        "refused, naming the line, and the store stays empty. Then the audit trail and the "
        "deadline index are rebuilt. Exit status 1 when refused.",
    )
    restore.add_argument("file", help="a file written by `opsledger backup`")
    restore.set_defaults(run=_restore)


def _backup(arguments: argparse.Namespace) -> int:
    store = StoreUrl.from_environment(arguments.store)
    progress = Progress("backup")
    try:
        trailer = take_backup(store, arguments.file, force=arguments.force, progress=progress)
    except BackupFileError as error:
        raise UsageError(f"opsledger backup: {error.message}") from None
    except BackupError as error:
        print(f"opsledger backup: {error.message}", file=sys.stderr)
        return 1
    finally:
        progress.finish()
    emit_json(trailer.digest.to_json())  # always JSON: the digest is a document to keep
    return 0


def _restore(arguments: argparse.Namespace) -> int:
    store = StoreUrl.from_environment(arguments.store)
    progress = Progress("restore")
    try:
        restored = restore_backup(store, arguments.file, progress=progress)
    except BackupFileError as error:
        raise UsageError(f"opsledger restore: {error.message}") from None
    except BackupError as error:
        print(f"opsledger restore: {error.message}", file=sys.stderr)
        return 1
    finally:
        progress.finish()
    show_restored(restored, store=store.display(), as_json=as_json(arguments))
    return 0
