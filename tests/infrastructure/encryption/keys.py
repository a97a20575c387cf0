"""Keys for the encryption tests: fresh random ones, as an operator would make them."""

from __future__ import annotations

import base64
import hashlib
import os

import pytest

KEY_ENV = "OPSLEDGER_CIPHER_KEY"
OLD_KEYS_ENV = "OPSLEDGER_CIPHER_OLD_KEYS"


def new_key() -> str:
    """32 random bytes in base64: what the README tells operators to generate."""
    return base64.b64encode(os.urandom(32)).decode()


def key_id(key: str) -> str:
    """The id the README gives for a key: the first 8 bytes of its SHA-256, in hex."""
    return hashlib.sha256(base64.b64decode(key)).hexdigest()[:16]


def use_keys(monkeypatch: pytest.MonkeyPatch, key: str | None, *old: str) -> None:
    """Set (or clear) OPSLEDGER_CIPHER_KEY and OPSLEDGER_CIPHER_OLD_KEYS for what opens next."""
    if key is None:
        monkeypatch.delenv(KEY_ENV, raising=False)
    else:
        monkeypatch.setenv(KEY_ENV, key)
    if old:
        monkeypatch.setenv(OLD_KEYS_ENV, ",".join(old))
    else:
        monkeypatch.delenv(OLD_KEYS_ENV, raising=False)
