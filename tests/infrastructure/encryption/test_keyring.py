"""The keyring: AES-256-GCM in the documented layout, plain bytes told apart, keys from settings."""

from __future__ import annotations

import base64
import hashlib
import os
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from hypothesis import given
from hypothesis import strategies as st

from application.errors import PayloadKeyMissing
from infrastructure.cli.main import main
from infrastructure.opsledger import Opsledger
from infrastructure.serialisation.cipher import (
    CipherKey,
    Keyring,
    SealBroken,
    is_sealed,
    keyring_from_environment,
)
from infrastructure.settings import SettingError
from tests.infrastructure.encryption.keys import KEY_ENV, OLD_KEYS_ENV, key_id, new_key

PLAIN = orjson.dumps({"payload": {"summary": "外壳破裂"}, "reason": "第三次来电"})


def keyring(current: str | None, *old: str) -> Keyring:
    return Keyring(
        current=CipherKey.parse(current) if current else None,
        old=tuple(CipherKey.parse(key) for key in old),
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


class TestSealedBytes:
    def test_they_decrypt_with_plain_aes_gcm_in_the_documented_layout(self) -> None:
        """magic 00 'OL1' | key id (SHA-256 of the key, 8 bytes) | nonce (12) | ciphertext and
        tag, with magic and key id as associated data: readable by any AES-GCM."""
        key = new_key()
        sealed = keyring(key).seal(PLAIN)
        assert sealed[:4] == b"\x00OL1"
        assert sealed[4:12].hex() == key_id(key)
        nonce, body = sealed[12:24], sealed[24:]
        assert AESGCM(base64.b64decode(key)).decrypt(nonce, body, sealed[:12]) == PLAIN
        assert len(sealed) == len(PLAIN) + 4 + 8 + 12 + 16

    def test_each_seal_has_a_fresh_nonce(self) -> None:
        ring = keyring(new_key())
        first, second = ring.seal(PLAIN), ring.seal(PLAIN)
        assert first[12:24] != second[12:24]
        assert ring.open(first) == ring.open(second) == PLAIN

    def test_without_a_current_key_bytes_are_kept_as_they_are(self) -> None:
        assert keyring(None).seal(PLAIN) == PLAIN
        assert keyring(None, new_key()).seal(PLAIN) == PLAIN

    @given(json_values)
    def test_json_text_is_never_taken_for_sealed_bytes(self, value: Any) -> None:
        """What the store held before a key was set (orjson text, or zlib of it) opens as
        itself under any keyring."""
        ring = keyring(new_key())
        for plain in (orjson.dumps(value), zlib.compress(orjson.dumps(value))):
            assert not is_sealed(plain)
            assert ring.open(plain) == plain

    def test_an_old_key_opens_what_it_sealed(self) -> None:
        old, new = new_key(), new_key()
        sealed_before = keyring(old).seal(PLAIN)
        rotated = keyring(new, old)
        assert rotated.open(sealed_before) == PLAIN
        assert rotated.seal(PLAIN)[4:12].hex() == key_id(new)

    def test_a_key_not_given_names_its_id_and_both_settings(self) -> None:
        lost = new_key()
        sealed = keyring(lost).seal(PLAIN)
        for ring in (keyring(None), keyring(new_key()), keyring(new_key(), new_key())):
            with pytest.raises(PayloadKeyMissing) as raised:
                ring.open(sealed)
            assert raised.value.code == "cipher_key_missing"
            assert raised.value.message == (
                f"stored payloads are encrypted with key id {key_id(lost)}; set "
                "OPSLEDGER_CIPHER_KEY (or OPSLEDGER_CIPHER_OLD_KEYS) to that key"
            )

    @pytest.mark.parametrize("where", [12, 20, 24, -1])
    def test_an_altered_byte_fails_the_tag(self, where: int) -> None:
        """Nonce, ciphertext or tag changed: the key is right, the bytes are not."""
        ring = keyring(new_key())
        sealed = bytearray(ring.seal(PLAIN))
        sealed[where] ^= 0x01
        with pytest.raises(SealBroken, match="altered"):
            ring.open(bytes(sealed))

    def test_sealed_bytes_cut_short_are_refused(self) -> None:
        ring = keyring(new_key())
        with pytest.raises(SealBroken, match="cut short"):
            ring.open(ring.seal(PLAIN)[:30])


class TestKeysFromTheEnvironment:
    def test_no_setting_stores_plain(self) -> None:
        assert not keyring_from_environment({}).sealing

    def test_the_key_and_old_keys_are_read(self) -> None:
        current, old1, old2 = new_key(), new_key(), new_key()
        ring = keyring_from_environment({KEY_ENV: current, OLD_KEYS_ENV: f" {old1} ,{old2},"})
        assert ring.current is not None
        assert ring.current.id.hex() == key_id(current)
        assert [key.id.hex() for key in ring.old] == [key_id(old1), key_id(old2)]

    @pytest.mark.parametrize(
        ("environ", "message"),
        [
            ({KEY_ENV: "not base64!"}, f"{KEY_ENV} is not base64"),
            (
                {KEY_ENV: base64.b64encode(os.urandom(16)).decode()},
                f"{KEY_ENV} must be 32 bytes once decoded, not 16",
            ),
            (
                {KEY_ENV: new_key(), OLD_KEYS_ENV: f"{new_key()},c2hvcnQ="},
                f"{OLD_KEYS_ENV} (key 2) must be 32 bytes once decoded, not 5",
            ),
        ],
    )
    def test_a_malformed_key_is_a_setting_error_naming_the_setting(
        self, environ: dict[str, str], message: str
    ) -> None:
        with pytest.raises(SettingError) as raised:
            keyring_from_environment(environ)
        assert str(raised.value).startswith(message)
        assert "\n" not in str(raised.value)

    def test_opening_a_store_with_a_malformed_key_fails_at_once(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv(KEY_ENV, base64.b64encode(b"short").decode())
        with pytest.raises(SettingError, match=KEY_ENV):
            Opsledger.open(f"sqlite:///{tmp_path / 'never.db'}")
        assert not (tmp_path / "never.db").exists()

    def test_the_command_line_says_so_in_one_line(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        monkeypatch.setenv(KEY_ENV, "%%%")
        status = main(["--store", f"sqlite:///{tmp_path / 'x.db'}", "audit", "verify"])
        captured = capsys.readouterr()
        assert status == 2
        assert captured.err.startswith(f"opsledger: {KEY_ENV} is not base64")
        assert captured.err.count("\n") == 1
        assert captured.out == ""

    def test_the_key_id_is_the_start_of_the_keys_sha256(self) -> None:
        key = new_key()
        expected = hashlib.sha256(base64.b64decode(key)).digest()[:8]
        assert CipherKey.parse(key).id == expected
        assert key not in repr(CipherKey.parse(key))
