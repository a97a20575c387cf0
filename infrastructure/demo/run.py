"""Placeholder replaced by the demo generator."""

from __future__ import annotations


def run_demo(*, store: str | None, seed: int, complaints: int, as_json: bool) -> int:
    raise NotImplementedError
