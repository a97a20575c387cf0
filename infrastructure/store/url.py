"""Store URLs: `sqlite:///path/to/file.db` (embedded) or `postgresql://user@host:port/db`."""

from __future__ import annotations

import os
from typing import Literal
from urllib.parse import unquote, urlsplit

import attrs

from infrastructure.settings import StoreTimeouts

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

    def library_env(self, timeouts: StoreTimeouts | None = None) -> dict[str, str]:
        """The eventsourcing settings that select and configure this store."""
        limits = timeouts or StoreTimeouts()
        common = {
            "MAPPER_TOPIC": "infrastructure.serialisation.mapper:LedgerMapper",
            "TRANSCODER_TOPIC": "infrastructure.serialisation.transcoder:OrjsonTranscoder",
            # Always ours: it stores plain bytes until OPSLEDGER_CIPHER_KEY is set, and the
            # library would otherwise take that setting for its own cipher's key.
            "CIPHER_TOPIC": "infrastructure.serialisation.cipher:PayloadCipher",
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
            "PERSISTENCE_MODULE": "infrastructure.store.postgres_pool:DirectPostgresFactory",
            "APPLICATION_RECORDER_TOPIC": (
                "infrastructure.integrity.postgres_recorder:ChainedPostgresApplicationRecorder"
            ),
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_CONNECT_TIMEOUT": str(max(2, round(limits.connect))),
            "POSTGRES_POOL_SIZE": "2",
            "POSTGRES_MAX_OVERFLOW": "8",
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            # Whole seconds: the append function's wait for the log's table lock.
            "POSTGRES_LOCK_TIMEOUT": str(max(1, round(limits.statement))),
            STATEMENT_TIMEOUT_KEY: str(limits.statement),
            RETRY_SECONDS_KEY: str(limits.retry_for),
        }

    def conninfo(self, timeouts: StoreTimeouts | None = None) -> str:
        """libpq keyword/value connection string for our own read-model connections."""
        limits = timeouts or StoreTimeouts()
        parts = {
            "host": self.host,
            "port": str(self.port),
            "dbname": self.dbname,
            "user": self.user,
            **bounded_waits(limits),
            # The library writes the log to the `public` schema; our tables and our reads of
            # the log must resolve there too, whatever schemas the role's search path names.
            "options": "-c search_path=public"
            f" -c statement_timeout={round(limits.statement * 1000)}",
        }
        if self.password:
            parts["password"] = self.password
        return " ".join(f"{key}='{_quote(value)}'" for key, value in parts.items())

    def display(self) -> str:
        """The URL without its password, for messages."""
        if self.kind == "sqlite":
            return f"sqlite:///{self.path}"
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}"


#: Keys of the library's environment that carry our own limits to the PostgreSQL factory.
STATEMENT_TIMEOUT_KEY = "OPSLEDGER_STATEMENT_TIMEOUT"
RETRY_SECONDS_KEY = "OPSLEDGER_RETRY_SECONDS"


def bounded_waits(timeouts: StoreTimeouts) -> dict[str, str]:
    """libpq settings that bound every wait on the server: connecting, and a connection whose
    peer has gone silent (keepalives, unacknowledged data); statements are bounded server-side."""
    return {
        # libpq counts whole seconds and treats anything below 2 as 2.
        "connect_timeout": str(max(2, round(timeouts.connect))),
        "keepalives": "1",
        "keepalives_idle": "5",
        "keepalives_interval": "2",
        "keepalives_count": "3",
        "tcp_user_timeout": str(round(timeouts.statement * 1000)),
    }


def _without_password(url: str) -> str:
    """The URL for a message: anything between `//` and `@` past the first `:` is hidden, even
    in a URL too malformed to parse."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        return url
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user, colon, _ = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


def _quote(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")
