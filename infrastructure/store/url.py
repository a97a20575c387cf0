"""Store URLs: `sqlite:///path/to/file.db` (embedded) or `postgresql://user@host:port/db`."""

from __future__ import annotations

import os
from typing import Literal
from urllib.parse import unquote, urlsplit

import attrs

DEFAULT_STORE = "sqlite:///./opsledger.db"
STORE_ENV = "OPSLEDGER_STORE"


class StoreConfigError(ValueError):
    """The store URL cannot be understood; the message is one line for the user."""


@attrs.frozen(kw_only=True)
class StoreUrl:
    """Where the log and the read models live: one SQLite file or one PostgreSQL database."""

    kind: Literal["sqlite", "postgresql"]
    path: str = ""
    host: str = "127.0.0.1"
    port: int = 5432
    dbname: str = ""
    user: str = "postgres"
    password: str = ""

    @classmethod
    def parse(cls, url: str) -> StoreUrl:
        """Read a store URL, or say in one line what is wrong with it (never its password)."""
        shown = _without_password(url)
        try:
            parts = urlsplit(url)
        except ValueError as error:
            raise StoreConfigError(f"bad store URL {shown!r}: {error}") from None
        if parts.scheme == "sqlite":
            path = unquote(parts.path)
            if parts.netloc or not path.startswith("/") or len(path) < 2:
                raise StoreConfigError(
                    f"bad SQLite store URL {shown!r}: use sqlite:///relative.db or sqlite:////abs.db"
                )
            path = path[1:]
            if path == ":memory:":
                raise StoreConfigError("an in-memory SQLite store cannot be shared: name a file")
            return cls(kind="sqlite", path=path)
        if parts.scheme in ("postgresql", "postgres"):
            dbname = unquote(parts.path.lstrip("/"))
            if not dbname:
                raise StoreConfigError(f"bad PostgreSQL store URL {shown!r}: name a database")
            try:
                port = parts.port
            except ValueError:
                port = 0
            if port == 0:
                raise StoreConfigError(f"bad port in store URL {shown!r}: use 1 to 65535")
            return cls(
                kind="postgresql",
                host=parts.hostname or "127.0.0.1",
                port=port or 5432,
                dbname=dbname,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
            )
        raise StoreConfigError(
            f"unsupported store URL {shown!r}: use sqlite:///FILE or postgresql://USER@HOST:PORT/DB"
        )

    @classmethod
    def from_environment(cls, given: str | None = None) -> StoreUrl:
        """The URL given, else `OPSLEDGER_STORE`, else the embedded SQLite file."""
        return cls.parse(given or os.environ.get(STORE_ENV) or DEFAULT_STORE)

    def library_env(self) -> dict[str, str]:
        """The eventsourcing settings that select and configure this store."""
        common = {
            "MAPPER_TOPIC": "infrastructure.serialisation.mapper:LedgerMapper",
            "TRANSCODER_TOPIC": "infrastructure.serialisation.transcoder:OrjsonTranscoder",
        }
        if self.kind == "sqlite":
            return {
                **common,
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "APPLICATION_RECORDER_TOPIC": (
                    "infrastructure.integrity.sqlite_recorder:ChainedSQLiteApplicationRecorder"
                ),
                "SQLITE_DBNAME": self.path,
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return {
            **common,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "APPLICATION_RECORDER_TOPIC": (
                "infrastructure.integrity.postgres_recorder:ChainedPostgresApplicationRecorder"
            ),
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "8",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
        }

    def conninfo(self) -> str:
        """libpq keyword/value connection string for our own read-model connections."""
        parts = {
            "host": self.host,
            "port": str(self.port),
            "dbname": self.dbname,
            "user": self.user,
            "connect_timeout": "5",
            # The library writes the log to the `public` schema; our tables and our reads of
            # the log must resolve there too, whatever schemas the role's search path names.
            "options": "-c search_path=public",
        }
        if self.password:
            parts["password"] = self.password
        return " ".join(f"{key}='{_quote(value)}'" for key, value in parts.items())

    def display(self) -> str:
        """The URL without its password, for messages."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"


def _without_password(url: str) -> str:
    try:
        password = urlsplit(url).password
    except ValueError:
        return url
    if not password:
        return url
    return url.replace(f":{password}@", ":***@", 1)


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
