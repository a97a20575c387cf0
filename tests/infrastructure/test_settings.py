"""The complaint SLA policy and the company time zone come from the environment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.complaint.values import DEFAULT_SLA, Severity
from domain.shared.money import Money
from infrastructure.opsledger import Opsledger
from infrastructure.settings import (
    CONNECT_TIMEOUT_ENV,
    RETRY_SECONDS_ENV,
    STATEMENT_TIMEOUT_ENV,
    SettingError,
    StoreTimeouts,
    policies_from_environment,
    store_timeouts_from_environment,
)
from tests.clocks import FixedClock


class TestTheComplaintSlaIsConfigurable:
    def test_defaults_without_settings(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("OPSLEDGER_COMPLAINT_ACK_HOURS", raising=False)
        monkeypatch.delenv("OPSLEDGER_COMPLAINT_RESOLVE_DAYS", raising=False)
        assert policies_from_environment().complaint_sla == DEFAULT_SLA

    def test_settings_replace_the_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OPSLEDGER_COMPLAINT_ACK_HOURS", "8")
        monkeypatch.setenv("OPSLEDGER_COMPLAINT_RESOLVE_DAYS", "critical=1, low=30")
        sla = policies_from_environment().complaint_sla
        assert sla.acknowledge_within == timedelta(hours=8)
        assert sla.resolve_within[Severity.CRITICAL] == timedelta(days=1)
        assert sla.resolve_within[Severity.LOW] == timedelta(days=30)
        assert sla.resolve_within[Severity.HIGH] == timedelta(days=5)

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("OPSLEDGER_COMPLAINT_ACK_HOURS", "soon"),
            ("OPSLEDGER_COMPLAINT_ACK_HOURS", "0"),
            ("OPSLEDGER_COMPLAINT_RESOLVE_DAYS", "urgent=1"),
            ("OPSLEDGER_COMPLAINT_RESOLVE_DAYS", "high=-2"),
        ],
    )
    def test_a_bad_setting_is_refused_by_name(
        self, monkeypatch: pytest.MonkeyPatch, name: str, value: str
    ) -> None:
        monkeypatch.setenv(name, value)
        with pytest.raises(SettingError, match=name):
            policies_from_environment()

    def test_the_policy_fixes_the_deadlines_of_new_complaints(
        self, monkeypatch: pytest.MonkeyPatch, store_url: str
    ) -> None:
        monkeypatch.setenv("OPSLEDGER_COMPLAINT_ACK_HOURS", "4")
        clock = FixedClock()
        with Opsledger.open(store_url, clock=clock) as ledger:
            result = ledger.submit(
                {
                    "type": "complaint.register",
                    "command_id": "5e7a1c3b-0d2f-4b6e-8a91-c4d3e2f1a0b9",
                    "actor": {"id": "u-1", "roles": ["customer_service"]},
                    "payload": {
                        "customer_id": "c-1",
                        "channel": "email",
                        "summary": "late parcel",
                        "remedy_sought": "refund",
                    },
                }
            )
            assert result.ok
            assert result.aggregate_id is not None
            _, loaded = ledger.state(result.aggregate_id)
            assert loaded.state.acknowledge_due == clock.now() + timedelta(hours=4)


class TestStoreTimeLimitsAreConfigurable:
    def test_defaults_bound_every_wait(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in (CONNECT_TIMEOUT_ENV, STATEMENT_TIMEOUT_ENV, RETRY_SECONDS_ENV):
            monkeypatch.delenv(name, raising=False)
        assert store_timeouts_from_environment() == StoreTimeouts(
            connect=2.0, statement=30.0, retry_for=5.0
        )

    def test_settings_replace_the_defaults(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv(CONNECT_TIMEOUT_ENV, "3")
        monkeypatch.setenv(STATEMENT_TIMEOUT_ENV, "12.5")
        monkeypatch.setenv(RETRY_SECONDS_ENV, "0.5")
        assert store_timeouts_from_environment() == StoreTimeouts(
            connect=3.0, statement=12.5, retry_for=0.5
        )

    @pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
    def test_a_bad_limit_is_refused_by_name(
        self, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        monkeypatch.setenv(RETRY_SECONDS_ENV, value)
        with pytest.raises(SettingError, match=RETRY_SECONDS_ENV):
            store_timeouts_from_environment()


class TestSigningLimitsAreConfigurable:
    def test_the_default_is_one_million_yuan(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.delenv("OPSLEDGER_SIGNING_LIMITS", raising=False)
        assert dict(policies_from_environment().signing_limits) == {
            "CNY": Money.parse("1000000.00", "CNY")
        }

    def test_each_currency_named_gets_its_limit(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("OPSLEDGER_SIGNING_LIMITS", "CNY=500000, USD=80000.50")
        assert dict(policies_from_environment().signing_limits) == {
            "CNY": Money.parse("500000", "CNY"),
            "USD": Money.parse("80000.50", "USD"),
        }

    @pytest.mark.parametrize("value", ["CNY", "CNY=lots", "cny=10", "CNY=-5", "CNY=1.005"])
    def test_a_bad_limit_is_refused_by_name(
        self, monkeypatch: pytest.MonkeyPatch, value: str
    ) -> None:
        monkeypatch.setenv("OPSLEDGER_SIGNING_LIMITS", value)
        with pytest.raises(SettingError, match="OPSLEDGER_SIGNING_LIMITS"):
            policies_from_environment()
