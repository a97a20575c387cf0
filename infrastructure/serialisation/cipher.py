"""Payload encryption: AES-256-GCM from `cryptography`, with key ids so that keys can rotate."""

# Sealed bytes are MAGIC, the key's id, the nonce, then the ciphertext with its tag:
#
#     00 'O' 'L' '1' | key id (8 bytes) | nonce (12 bytes) | ciphertext | GCM tag (16 bytes)
#
# A plain payload is orjson output (optionally zlib-compressed), and JSON text never starts
# with a NUL byte (nor does a zlib stream, whose first byte ends in 0x8), so a store may hold
# both: what it held before a key was set stays readable. The magic and the key id are the
# associated data, so neither can be changed without the tag failing.

from __future__ import annotations

import binascii
import hashlib
import os
from base64 import b64decode
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from eventsourcing.persistence import Cipher, Mapper
from eventsourcing.utils import Environment

from application.errors import PayloadKeyMissing
from infrastructure.settings import SettingError

KEY_ENV = "OPSLEDGER_CIPHER_KEY"
OLD_KEYS_ENV = "OPSLEDGER_CIPHER_OLD_KEYS"

KEY_BYTES = 32
MAGIC = b"\x00OL1"
KEY_ID_BYTES = 8
NONCE_BYTES = 12
_HEADER = len(MAGIC) + KEY_ID_BYTES
_SMALLEST = _HEADER + NONCE_BYTES + 16


class SealBroken(ValueError):
    """Sealed bytes do not decrypt with the key their id names: they were altered."""


@attrs.frozen(kw_only=True, repr=False)
class CipherKey:
    """One 256-bit AES key and its id: the first 8 bytes of the key's SHA-256, which names the
    key in stored data and messages without revealing it."""

    secret: bytes
    id: bytes = attrs.field(init=False)

    @id.default
    def _key_id(self) -> bytes:
        return hashlib.sha256(self.secret).digest()[:KEY_ID_BYTES]

    @classmethod
    def parse(cls, text: str) -> CipherKey:
        """A key from its base64 text (32 random bytes); ValueError saying what is wrong."""
        try:
            secret = b64decode(text.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("is not base64 (32 random bytes, base64-encoded)") from None
        if len(secret) != KEY_BYTES:
            raise ValueError(f"must be {KEY_BYTES} bytes once decoded, not {len(secret)}")
        return cls(secret=secret)

    def __repr__(self) -> str:
        return f"CipherKey(id={self.id.hex()})"


class Keyring:
    """The key new data is sealed with (none: stored plain) and every key that opens data."""

    def __init__(self, *, current: CipherKey | None = None, old: Sequence[CipherKey] = ()) -> None:
        self.current = current
        self.old = tuple(old)
        keys = [*self.old, *([current] if current else [])]
        self._ciphers = {key.id: AESGCM(key.secret) for key in keys}

    @property
    def sealing(self) -> bool:
        """True when new payloads are encrypted."""
        return self.current is not None

    def seal(self, data: bytes) -> bytes:
        """`data` encrypted with the current key under a fresh random nonce; unchanged when no
        key is set."""
        if self.current is None:
            return data
        header = MAGIC + self.current.id
        nonce = os.urandom(NONCE_BYTES)
        return header + nonce + self._ciphers[self.current.id].encrypt(nonce, data, header)

    def open(self, data: bytes) -> bytes:
        """The plain bytes of sealed `data`; plain data is returned as it is. A key this
        keyring lacks is `PayloadKeyMissing`; bytes that fail their tag are `SealBroken`."""
        if not is_sealed(data):
            return data
        if len(data) < _SMALLEST:
            raise SealBroken(f"sealed data is cut short ({len(data)} bytes)")
        key_id = data[len(MAGIC) : _HEADER]
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            raise missing_key(key_id)
        nonce = data[_HEADER : _HEADER + NONCE_BYTES]
        try:
            return cipher.decrypt(nonce, data[_HEADER + NONCE_BYTES :], data[:_HEADER])
        except InvalidTag:
            raise SealBroken(
                f"sealed data does not decrypt with key id {key_id.hex()}: it was altered"
            ) from None


#: No key: everything is stored plain, and sealed data cannot be read.
NO_KEYS = Keyring()


def is_sealed(data: bytes) -> bool:
    """True for bytes sealed by a Keyring (never for JSON text or a zlib stream)."""
    return data[: len(MAGIC)] == MAGIC


def missing_key(key_id: bytes) -> PayloadKeyMissing:
    """The one-line error for data sealed with a key this process was not given."""
    return PayloadKeyMissing(
        f"stored payloads are encrypted with key id {key_id.hex()}; set {KEY_ENV} "
        f"(or {OLD_KEYS_ENV}) to that key",
        key_id=key_id.hex(),
    )


def keyring_from_environment(environ: Mapping[str, str] | None = None) -> Keyring:
    """The keys in OPSLEDGER_CIPHER_KEY (new payloads are encrypted with it) and
    OPSLEDGER_CIPHER_OLD_KEYS (comma-separated, still read); a malformed one is a
    `SettingError` naming its setting."""
    environ = os.environ if environ is None else environ
    current_text = (environ.get(KEY_ENV) or "").strip()
    current = _key(KEY_ENV, current_text) if current_text else None
    old_text = environ.get(OLD_KEYS_ENV) or ""
    old = tuple(
        _key(f"{OLD_KEYS_ENV} (key {number})", part)
        for number, part in enumerate((p for p in old_text.split(",") if p.strip()), start=1)
    )
    return Keyring(current=current, old=old)


def _key(setting: str, text: str) -> CipherKey:
    try:
        return CipherKey.parse(text)
    except ValueError as error:
        raise SettingError(f"{setting} {error}") from None


class PayloadCipher(Cipher):
    """The library's cipher for the log: seals new payloads when a key is set and opens any
    payload sealed with a known key; plain payloads pass through both ways."""

    def __init__(self, environment: Environment) -> None:
        # The raw settings, not `Environment.get`, which also tries names without our prefix.
        self.keyring = keyring_from_environment(dict(environment))

    def encrypt(self, plaintext: bytes) -> bytes:
        return self.keyring.seal(plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        return self.keyring.open(ciphertext)


def keyring_of(mapper: Mapper[Any]) -> Keyring:
    """The keys the log is written and read with (none for a mapper without our cipher)."""
    cipher = mapper.cipher
    return cipher.keyring if isinstance(cipher, PayloadCipher) else NO_KEYS
