"""Why a backup cannot be taken or restored: one line each, naming where and what."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or a restore was refused; nothing was written, or it was taken back."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class LogDoesNotVerify(BackupError):
    """The source log breaks its own chain: a copy of it could not be restored."""

    def __init__(self, *, position: int, problem: str) -> None:
        super().__init__(
            f"the log does not verify at position {position}: {problem}; no backup was written "
            "(run `opsledger audit verify`, and take a physical copy of the store to investigate)"
        )
        self.position = position


class DamagedBackup(BackupError):
    """The backup file is not what `opsledger backup` wrote: cut short, edited or not one."""

    def __init__(self, *, path: str, line: int, problem: str, position: int | None = None) -> None:
        where = f"line {line}" if position is None else f"line {line} (position {position})"
        super().__init__(f"{path} {where}: {problem}; nothing was restored")
        self.line = line
        self.position = position


class StoreNotEmpty(BackupError):
    """A restore goes only into a store whose log holds no event."""

    def __init__(self, *, store: str, head: int) -> None:
        super().__init__(
            f"the store {store} already holds events (its log reaches position {head}): "
            "restore only into an empty store"
        )
        self.head = head


class ReadModelsNotRebuilt(BackupError):
    """The log was restored and committed, but rebuilding a read model from it failed."""

    def __init__(self, *, entries: int, position: int, head: str, error: BaseException) -> None:
        reason = " ".join(str(error).split()) or type(error).__name__
        super().__init__(
            f"the log was restored ({entries} events, position {position}, hash {head}) but "
            f"the read models could not be rebuilt from it: {reason}; once that is put right, "
            "run `opsledger projections rebuild`"
        )


class NoStore(BackupError):
    """The SQLite file to back up does not exist."""

    def __init__(self, store: str) -> None:
        super().__init__(f"there is no store at {store}")


class BackupFileError(BackupError):
    """The backup file cannot be created, replaced or opened: a wrong name or a missing right."""
