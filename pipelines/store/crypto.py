"""Encryption at rest and password/token hashing.

Reports quote the very characters that make a draft sensitive (an ID
number, a marking), so every report, draft and document name is sealed
with Fernet before it reaches the database; a stolen database file or
backup then reveals only hashes, verdicts and counts.  Lookups that need a
stable key (a batch item's URL or path) use an HMAC derived from the same
secret instead of the clear name.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from scanner import BaomiError

ENV_KEY = "BAOMI_SECRET_KEY"
DEV_KEY_FILE = "dev-secret.key"
# A file name is whatever bytes a mirrored site or a USB stick gave it: a GBK name reaches Python as
# lone surrogates (surrogateescape), and a JSON body may hold one too.  "surrogatepass" stores any
# such str and gives the same str back, so every name can be sealed, keyed and found again.
NAME_ERRORS = "surrogatepass"
# scrypt cost: ~50 ms on a small server, 16 MiB of memory per hash
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class Sealer:
    """Fernet sealing plus a keyed hash for names that must stay searchable."""

    def __init__(self, key: bytes) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise BaomiError(
                "config",
                f"{ENV_KEY} 不是有效的 Fernet 密钥（32 字节的 URL 安全 base64）；"
                "可用 python -c \"from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())\" 生成",
            ) from None
        self._name_key = hashlib.sha256(b"baomi-name-key\0" + key).digest()

    def seal(self, data: bytes | str | None) -> bytes | None:
        if data is None:
            return None
        if isinstance(data, str):
            data = data.encode("utf-8", NAME_ERRORS)
        return self._fernet.encrypt(data)

    def open(self, token: bytes | None) -> bytes | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(bytes(token))
        except InvalidToken:
            raise BaomiError("config", f"无法解密已存数据：{ENV_KEY} 与写入时使用的密钥不一致") from None

    def open_text(self, token: bytes | None) -> str | None:
        raw = self.open(token)
        return None if raw is None else raw.decode("utf-8", NAME_ERRORS)

    def name_key(self, name: str) -> str:
        return hmac.new(self._name_key, name.encode("utf-8", NAME_ERRORS), hashlib.sha256).hexdigest()


def resolve_key(secret_key: str | bytes | None, data_dir: Path | None, dev: bool) -> bytes:
    """The key from the argument, else the environment, else (dev only) a key file in the data dir.

    Refusing to start without a key is deliberate: a service that silently
    stored reports in clear would leak the findings it exists to catch.
    """
    key = secret_key or os.environ.get(ENV_KEY)
    if key:
        return key.encode("ascii") if isinstance(key, str) else key
    if not dev:
        raise BaomiError("config", f"未设置 {ENV_KEY}，拒绝在不加密的情况下保存审查报告；设置该环境变量，或仅在本机试用时加 --dev")
    if data_dir is None:
        return Fernet.generate_key()
    path = Path(data_dir) / DEV_KEY_FILE
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    new = Fernet.generate_key()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(new)
    return new


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def check_password(password: str, stored: str | None) -> bool:
    if not stored:
        return False
    try:
        algo, n, r, p, salt, digest = stored.split("$")
        if algo != "scrypt":
            return False
        got = hashlib.scrypt(
            password.encode("utf-8"), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, base64.b64decode(digest))


def hash_token(token: str) -> str:
    """API tokens carry 256 bits of randomness, so a plain SHA-256 is enough (no KDF needed)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()
