"""Store URLs (DESIGN §2.3): one URL selects the store; a wrong or unreachable one is a one-line
error, never a traceback."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import resolve_topic
from psycopg.conninfo import conninfo_to_dict

from application.errors import StoreUnavailable
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.mapper import LedgerMapper
from infrastructure.serialisation.transcoder import OrjsonTranscoder
from infrastructure.store.url import DEFAULT_STORE, STORE_ENV, StoreConfigError, StoreUrl

SECRET = "s3cr3t-pw"


class TestSqliteUrls:
    """`sqlite:///FILE` names a file relative to the working directory, `sqlite:////FILE` an
    absolute one."""

    def test_three_slashes_name_a_relative_file(self) -> None:
        """sqlite:///rel.db is the file rel.db in the working directory."""
        assert StoreUrl.parse("sqlite:///rel.db") == StoreUrl(kind="sqlite", path="rel.db")

    def test_dot_slash_stays_relative(self) -> None:
        """The default store, sqlite:///./opsledger.db, is ./opsledger.db."""
        assert StoreUrl.parse(DEFAULT_STORE).path == "./opsledger.db"

    def test_four_slashes_name_an_absolute_file(self) -> None:
        """sqlite:////abs.db is /abs.db."""
        assert StoreUrl.parse("sqlite:////abs.db") == StoreUrl(kind="sqlite", path="/abs.db")

    def test_nested_absolute_path(self) -> None:
        """Directories of an absolute path are kept."""
        assert StoreUrl.parse("sqlite:////var/lib/ops/ledger.db").path == "/var/lib/ops/ledger.db"

    def test_percent_escapes_are_decoded(self) -> None:
        """A space or non-ASCII character in a path may be percent-encoded."""
        url = "sqlite:///data%20dir/%E8%BF%90%E8%90%A5.db"
        assert StoreUrl.parse(url).path == "data dir/运营.db"

    def test_library_settings_select_sqlite_and_our_serialisation(self) -> None:
        """The library is told to use SQLite on that file, our mapper and our transcoder."""
        env = StoreUrl.parse("sqlite:////tmp/x.db").library_env()
        assert env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite"
        assert env["SQLITE_DBNAME"] == "/tmp/x.db"
        assert resolve_topic(env["MAPPER_TOPIC"]) is LedgerMapper
        assert resolve_topic(env["TRANSCODER_TOPIC"]) is OrjsonTranscoder

    def test_display_is_the_url_again(self) -> None:
        """Messages name the store in the form the user typed."""
        assert StoreUrl.parse("sqlite:////abs.db").display() == "sqlite:////abs.db"


class TestPostgresUrls:
    """`postgresql://USER:PASSWORD@HOST:PORT/DB`, or the `postgres://` spelling."""

    def test_every_part_is_read(self) -> None:
        """User, password, host, port and database come from the URL."""
        assert StoreUrl.parse("postgresql://user:pw@host:5433/db") == StoreUrl(
            kind="postgresql", host="host", port=5433, dbname="db", user="user", password="pw"
        )

    def test_the_short_scheme_is_the_same(self) -> None:
        """postgres:// means postgresql://."""
        assert StoreUrl.parse("postgres://user:pw@host:5433/db") == StoreUrl.parse(
            "postgresql://user:pw@host:5433/db"
        )

    def test_defaults_fill_what_is_left_out(self) -> None:
        """Without user, host or port: postgres on 127.0.0.1:5432."""
        store = StoreUrl.parse("postgresql:///ledger")
        assert (store.user, store.host, store.port, store.dbname, store.password) == (
            "postgres",
            "127.0.0.1",
            5432,
            "ledger",
            "",
        )

    def test_percent_escapes_in_user_password_and_database_are_decoded(self) -> None:
        """A password may contain @, / or : when percent-encoded."""
        store = StoreUrl.parse("postgresql://ops%20user:p%40ss%2Fw%3Ard@db.internal/%E8%B4%A6")
        assert (store.user, store.password, store.host, store.dbname) == (
            "ops user",
            "p@ss/w:rd",
            "db.internal",
            "账",
        )

    def test_conninfo_quotes_awkward_passwords_exactly(self) -> None:
        """Quotes, backslashes and spaces in a password survive into the libpq connection
        string."""
        awkward = "it's a \\ pass word"
        store = StoreUrl(kind="postgresql", dbname="db", user="u", password=awkward)
        parsed = conninfo_to_dict(store.conninfo())
        assert parsed["password"] == awkward
        assert (parsed["host"], parsed["port"], parsed["dbname"], parsed["user"]) == (
            "127.0.0.1",
            "5432",
            "db",
            "u",
        )

    def test_conninfo_without_a_password_names_none(self) -> None:
        """No password in the URL, none in the connection string (trust or .pgpass decides)."""
        parsed = conninfo_to_dict(StoreUrl.parse("postgres://u@h/db").conninfo())
        assert "password" not in parsed

    def test_library_settings_select_postgres_with_the_table_lock(self) -> None:
        """The library uses PostgreSQL on that database, without the DB-function path that skips
        the table lock (DESIGN §2.5)."""
        env = StoreUrl.parse("postgresql://user:pw@host:5433/db").library_env()
        factory = resolve_topic(env["PERSISTENCE_MODULE"])
        assert issubclass(factory, PostgresFactory)
        assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"], env["POSTGRES_DBNAME"]) == (
            "host",
            "5433",
            "db",
        )
        assert (env["POSTGRES_USER"], env["POSTGRES_PASSWORD"]) == ("user", "pw")
        assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
        assert resolve_topic(env["MAPPER_TOPIC"]) is LedgerMapper

    def test_display_hides_the_password(self) -> None:
        """Messages never show the password."""
        shown = StoreUrl.parse(f"postgresql://user:{SECRET}@host:5433/db").display()
        assert SECRET not in shown
        assert shown == "postgresql://user@host:5433/db"


BAD_URLS = [
    pytest.param("mysql://user@host/db", id="unknown-scheme"),
    pytest.param("http://example.com/ledger", id="http"),
    pytest.param("opsledger.db", id="bare-path"),
    pytest.param("", id="empty"),
    pytest.param("sqlite:///:memory:", id="sqlite-memory"),
    pytest.param("sqlite://", id="sqlite-no-path"),
    pytest.param("sqlite:///", id="sqlite-root"),
    pytest.param("sqlite:rel.db", id="sqlite-no-slashes"),
    pytest.param("sqlite://host/x.db", id="sqlite-with-host"),
    pytest.param("postgresql://host", id="pg-no-database"),
    pytest.param("postgresql://user@host:5432/", id="pg-empty-database"),
    pytest.param("postgres://host:abc/db", id="pg-port-not-a-number"),
    pytest.param("postgresql://host:99999/db", id="pg-port-out-of-range"),
    pytest.param("postgresql://host:-1/db", id="pg-negative-port"),
]


class TestRefusals:
    """A URL that cannot be used is refused with StoreConfigError and a one-line message."""

    @pytest.mark.parametrize("url", BAD_URLS)
    def test_refused_with_one_line(self, url: str) -> None:
        """Each bad URL gives StoreConfigError; its message is one non-empty line."""
        with pytest.raises(StoreConfigError) as refused:
            StoreUrl.parse(url)
        message = str(refused.value)
        assert message.strip()
        assert "\n" not in message

    def test_memory_refusal_says_why(self) -> None:
        """An in-memory SQLite store is refused because other processes cannot share it."""
        with pytest.raises(StoreConfigError, match="in-memory"):
            StoreUrl.parse("sqlite:///:memory:")

    def test_missing_database_refusal_says_what_to_add(self) -> None:
        """The message asks for a database name."""
        with pytest.raises(StoreConfigError, match="database"):
            StoreUrl.parse("postgresql://host/")

    def test_bad_port_refusal_names_the_port(self) -> None:
        """The message says the port is the problem."""
        with pytest.raises(StoreConfigError, match="port"):
            StoreUrl.parse("postgresql://host:abc/db")

    def test_port_zero_is_refused(self) -> None:
        """Port 0 is not a port a server listens on; it is refused, not replaced by 5432."""
        with pytest.raises(StoreConfigError, match="port"):
            StoreUrl.parse("postgresql://host:0/db")

    @pytest.mark.parametrize(
        "url",
        [
            f"postgresql://user:{SECRET}@host:abc/db",
            f"postgresql://user:{SECRET}@host",
            f"mysql://user:{SECRET}@host/db",
        ],
    )
    def test_refusals_never_show_the_password(self, url: str) -> None:
        """A refused URL's password does not appear in the message users and logs see."""
        with pytest.raises(StoreConfigError) as refused:
            StoreUrl.parse(url)
        assert SECRET not in str(refused.value)

    def test_opening_a_bad_url_raises_the_same_refusal(self) -> None:
        """Opsledger.open with a bad URL raises StoreConfigError before opening anything."""
        with pytest.raises(StoreConfigError):
            Opsledger.open("sqlite:///:memory:")


class TestEnvironmentFallback:
    """`--store` wins, else OPSLEDGER_STORE, else the embedded SQLite file."""

    def test_the_environment_names_the_store_when_none_is_given(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With no URL given, OPSLEDGER_STORE is used."""
        monkeypatch.setenv(STORE_ENV, "postgresql://env-user@env-host:6543/envdb")
        store = StoreUrl.from_environment()
        assert (store.kind, store.host, store.port, store.dbname, store.user) == (
            "postgresql",
            "env-host",
            6543,
            "envdb",
            "env-user",
        )

    def test_a_given_url_wins_over_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An explicit URL is used even when OPSLEDGER_STORE is set."""
        monkeypatch.setenv(STORE_ENV, "postgresql://env-host/envdb")
        assert StoreUrl.from_environment("sqlite:///given.db").path == "given.db"

    def test_without_either_the_embedded_file_is_used(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """No URL and no OPSLEDGER_STORE: ./opsledger.db."""
        monkeypatch.delenv(STORE_ENV, raising=False)
        assert StoreUrl.from_environment() == StoreUrl(kind="sqlite", path="./opsledger.db")

    def test_an_empty_environment_value_counts_as_unset(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """OPSLEDGER_STORE= (empty) falls back to the default rather than failing."""
        monkeypatch.setenv(STORE_ENV, "")
        assert StoreUrl.from_environment() == StoreUrl.parse(DEFAULT_STORE)

    def test_a_bad_environment_value_is_refused(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A bad OPSLEDGER_STORE is refused like a bad --store."""
        monkeypatch.setenv(STORE_ENV, "mysql://host/db")
        with pytest.raises(StoreConfigError):
            StoreUrl.from_environment()

    def test_opsledger_opens_the_store_the_environment_names(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """Opsledger.open() with no URL creates its store in the file OPSLEDGER_STORE names."""
        target = tmp_path / "from-env.db"
        monkeypatch.setenv(STORE_ENV, f"sqlite:///{target}")
        with Opsledger.open() as opened:
            assert opened.store.path == str(target)
        assert target.exists()


class TestUnreachableStores:
    """A store that cannot be opened gives StoreUnavailable with a one-line message, quickly."""

    def test_nothing_listening_on_the_port(self) -> None:
        """PostgreSQL on port 1 (nothing there) fails within a few seconds, in one line, and
        names the store without its password."""
        started = time.monotonic()
        with pytest.raises(StoreUnavailable) as failed:
            Opsledger.open(f"postgresql://postgres:{SECRET}@127.0.0.1:1/postgres")
        assert time.monotonic() - started < 5
        message = failed.value.message
        assert "\n" not in message
        assert "127.0.0.1:1" in message
        assert SECRET not in message

    def test_a_database_that_does_not_exist(self, pg_url: str) -> None:
        """A reachable server without that database gives StoreUnavailable, one line."""
        missing = pg_url.rsplit("/", 1)[0] + "/opsledger_no_such_database"
        with pytest.raises(StoreUnavailable) as failed:
            Opsledger.open(missing)
        assert "\n" not in failed.value.message

    def test_a_sqlite_file_in_a_missing_directory(self, tmp_path: Path) -> None:
        """A SQLite file whose directory does not exist gives StoreUnavailable, one line."""
        with pytest.raises(StoreUnavailable) as failed:
            Opsledger.open(f"sqlite:///{tmp_path / 'no-such-dir' / 'x.db'}")
        assert "\n" not in failed.value.message


class TestThePasswordNeverShows:
    """However malformed the URL, no message carries the password it holds."""

    @pytest.mark.parametrize(
        "url",
        [
            pytest.param(f"postgresql://user:{SECRET}@[::1/db", id="unclosed-ipv6-bracket"),
            pytest.param(f"postgresql://user:{SECRET}@host:99999/db", id="port-out-of-range"),
            pytest.param(f"postgresql://user:{SECRET}@host:abc/db", id="port-not-a-number"),
            pytest.param(f"postgresql://user:{SECRET}@host/", id="no-database"),
            pytest.param(f"mysql://user:{SECRET}@host/db", id="unknown-scheme"),
        ],
    )
    def test_a_refused_url_hides_its_password(self, url: str) -> None:
        with pytest.raises(StoreConfigError) as refused:
            StoreUrl.parse(url)
        assert SECRET not in str(refused.value)
        assert "user:***@" in str(refused.value)


class TestANewSqliteStoreIsPrivate:
    def test_the_file_is_created_readable_by_its_owner_alone(self, tmp_path: Path) -> None:
        path = tmp_path / "private.db"
        with Opsledger.open(f"sqlite:///{path}"):
            pass
        assert path.stat().st_mode & 0o777 == 0o600

    def test_an_existing_file_keeps_its_mode(self, tmp_path: Path) -> None:
        path = tmp_path / "shared.db"
        path.touch(mode=0o640)
        path.chmod(0o640)
        with Opsledger.open(f"sqlite:///{path}"):
            pass
        assert path.stat().st_mode & 0o777 == 0o640
