# Sourced by scripts/test: make sure the PostgreSQL named by OPSLEDGER_TEST_PG answers; on these
# machines start the local cluster if it is down. Under CI=true a missing server fails the run.
export OPSLEDGER_TEST_PG="${OPSLEDGER_TEST_PG:-postgresql://postgres@127.0.0.1:5432/postgres}"
pg_up() { .venv/bin/python - "$OPSLEDGER_TEST_PG" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
}
if ! pg_up; then
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        echo "opsledger: PostgreSQL is down; starting the local cluster" >&2
        pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do pg_up && break; sleep 1; done
    fi
fi
if ! pg_up; then
    if [ "${CI:-}" = "true" ]; then
        echo "opsledger: PostgreSQL at $OPSLEDGER_TEST_PG is not reachable, and CI=true needs it" >&2
        exit 1
    fi
    echo "opsledger: PostgreSQL at $OPSLEDGER_TEST_PG is not reachable; its tests will skip" >&2
fi
