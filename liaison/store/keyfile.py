"""Key slots, kept in a small JSON file beside the database.

A random 256-bit data key opens the database. The key file stores it only wrapped with
AES-256-GCM: once under a key derived from the officer's passphrase (Argon2id, parameters kept
with the slot) and once under a key derived from the recovery code. Changing the passphrase
rewraps the data key; the database itself is never re-encrypted.

Two checks protect the file itself: a SHA-256 checksum that catches accidental damage before any
secret is tried (so a damaged file is not mistaken for a wrong passphrase), and an HMAC under a
key derived from the data key, which catches deliberate edits once the file is unlocked.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from liaison.errors import StoreDamaged, StoreMissing, WrongSecret
from liaison.store import recovery, strength
from liaison.store.atomic import write_atomic

FORMAT = "liaison-keyfile"
VERSION = 1
DATA_KEY_BYTES = 32
MIN_PASSPHRASE_LEN = strength.MIN_LENGTH
PASSPHRASE = "passphrase"
RECOVERY = "recovery"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The defaults take about 0.5 s on a 2-core machine (measured, see README)."""

    time_cost: int = 3
    memory_cost: int = 262_144  # KiB, i.e. 256 MiB
    parallelism: int = 2

    def as_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_cost, "p": self.parallelism}

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> KdfParams:
        return cls(time_cost=int(raw["t"]), memory_cost=int(raw["m"]), parallelism=int(raw["p"]))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def passphrase_bytes(passphrase: str) -> bytes:
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_passphrase_rules(passphrase: str, names: Iterable[str | None] = ()) -> None:
    """Length and strength (store/strength.py); `names` are the school's and the officer's."""
    strength.require(passphrase, names)


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


@dataclass
class Slot:
    kind: str
    kdf: str
    params: dict[str, int]
    salt: bytes
    nonce: bytes
    wrapped: bytes
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kdf": self.kdf,
            "params": self.params,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "wrapped": _b64(self.wrapped),
            "created_at": self.created_at,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Slot:
        return cls(
            kind=str(raw["kind"]),
            kdf=str(raw["kdf"]),
            params={k: int(v) for k, v in dict(raw["params"]).items()},
            salt=_unb64(raw["salt"]),
            nonce=_unb64(raw["nonce"]),
            wrapped=_unb64(raw["wrapped"]),
            created_at=str(raw["created_at"]),
        )


def _aad(database_id: str, kind: str, kdf: str, params: dict[str, int], salt: bytes) -> bytes:
    # Binding the slot's parameters to the ciphertext means an edited cost or salt fails to open.
    return _canonical(
        {"db": database_id, "kind": kind, "kdf": kdf, "params": params, "salt": _b64(salt)}
    )


def _derive(kdf: str, params: dict[str, int], secret: bytes, salt: bytes) -> bytes:
    if kdf == "argon2id":
        p = KdfParams.from_dict(params)
        return hash_secret_raw(secret, salt, p.time_cost, p.memory_cost, p.parallelism, 32, Type.ID)
    if kdf == "hkdf-sha256":
        return _hkdf(secret, salt, b"liaison recovery slot")
    raise StoreDamaged(f"The key file uses an unknown key derivation '{kdf}'.")


@dataclass
class KeyFile:
    path: Path
    database_id: str
    slots: dict[str, Slot] = field(default_factory=dict)
    mac: bytes = b""

    # -- reading -------------------------------------------------------------------------
    @classmethod
    def load(cls, path: Path) -> KeyFile:
        path = Path(path)
        if not path.exists():
            raise StoreMissing(
                f"The key file {path} is missing. It must sit beside the database; "
                "restore both from a backup."
            )
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError("not a Liaison key file")
            if int(raw.get("version", 0)) > VERSION:
                raise StoreDamaged(
                    f"The key file {path} was written by a newer version of Liaison; "
                    "update Liaison to open it."
                )
            body = {k: v for k, v in raw.items() if k != "checksum"}
            if not hmac.compare_digest(
                hashlib.sha256(_canonical(body)).hexdigest(), str(raw.get("checksum", ""))
            ):
                raise ValueError("checksum does not match")
            keyfile = cls(
                path=path,
                database_id=str(raw["database_id"]),
                slots={name: Slot.from_json(s) for name, s in dict(raw["slots"]).items()},
                mac=_unb64(raw["mac"]),
            )
        except StoreDamaged:
            raise
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            raise StoreDamaged(
                f"The key file {path} is damaged ({exc}). Restore it from a backup."
            ) from exc
        if PASSPHRASE not in keyfile.slots:
            raise StoreDamaged(f"The key file {path} has no passphrase slot. Restore a backup.")
        return keyfile

    def _body(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "database_id": self.database_id,
            "slots": {name: s.to_json() for name, s in sorted(self.slots.items())},
        }

    def _compute_mac(self, data_key: bytes) -> bytes:
        mac_key = _hkdf(data_key, self.database_id.encode(), b"liaison keyfile mac")
        return hmac.new(mac_key, _canonical(self._body()), hashlib.sha256).digest()

    def verify(self, data_key: bytes) -> None:
        if not hmac.compare_digest(self._compute_mac(data_key), self.mac):
            raise StoreDamaged(
                f"The key file {self.path} has been altered since Liaison wrote it. "
                "Restore it from a backup."
            )

    def _unwrap(self, kind: str, secret: bytes) -> bytes:
        slot = self.slots.get(kind)
        if slot is None:
            raise WrongSecret(f"This database has no {kind} slot.")
        wrapping = _derive(slot.kdf, slot.params, secret, slot.salt)
        try:
            data_key = AESGCM(wrapping).decrypt(
                slot.nonce,
                slot.wrapped,
                _aad(self.database_id, kind, slot.kdf, slot.params, slot.salt),
            )
        except InvalidTag:
            what = "passphrase" if kind == PASSPHRASE else "recovery code"
            raise WrongSecret(f"That {what} is not right. Check it and try again.") from None
        self.verify(data_key)
        return data_key

    def unwrap_with_passphrase(self, passphrase: str) -> bytes:
        return self._unwrap(PASSPHRASE, passphrase_bytes(passphrase))

    def unwrap_with_recovery(self, code: str) -> bytes:
        canonical = recovery.normalise(code)
        if canonical is None:
            raise WrongSecret(
                "That is not a recovery code: it has 8 groups of 5 letters and digits."
            )
        return self._unwrap(RECOVERY, canonical.encode("ascii"))

    # -- writing -------------------------------------------------------------------------
    @classmethod
    def new(cls, path: Path) -> KeyFile:
        return cls(path=Path(path), database_id=str(uuid.uuid4()))

    def set_slot(self, kind: str, secret: bytes, data_key: bytes, kdf_params: KdfParams) -> None:
        kdf = "argon2id" if kind == PASSPHRASE else "hkdf-sha256"
        params = kdf_params.as_dict() if kdf == "argon2id" else {}
        salt = os.urandom(16)
        nonce = os.urandom(12)
        wrapping = _derive(kdf, params, secret, salt)
        wrapped = AESGCM(wrapping).encrypt(
            nonce, data_key, _aad(self.database_id, kind, kdf, params, salt)
        )
        self.slots[kind] = Slot(
            kind=kind,
            kdf=kdf,
            params=params,
            salt=salt,
            nonce=nonce,
            wrapped=wrapped,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        )

    def set_passphrase(
        self,
        passphrase: str,
        data_key: bytes,
        kdf_params: KdfParams,
        names: Iterable[str | None] = (),
    ) -> None:
        check_passphrase_rules(passphrase, names)
        self.set_slot(PASSPHRASE, passphrase_bytes(passphrase), data_key, kdf_params)

    def set_recovery_code(self, data_key: bytes) -> str:
        code = recovery.generate()
        canonical = recovery.normalise(code)
        assert canonical is not None
        self.set_slot(RECOVERY, canonical.encode("ascii"), data_key, KdfParams())
        return code

    def passphrase_params(self) -> KdfParams:
        return KdfParams.from_dict(self.slots[PASSPHRASE].params)

    def save(self, data_key: bytes, path: Path | None = None) -> None:
        self.mac = self._compute_mac(data_key)
        body = self._body()
        body["mac"] = _b64(self.mac)
        body["checksum"] = hashlib.sha256(_canonical(body)).hexdigest()
        text = json.dumps(body, indent=2, sort_keys=True) + "\n"
        write_atomic(Path(path or self.path), text.encode("utf-8"))
