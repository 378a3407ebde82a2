"""Staff passwords, stored only as salted scrypt hashes (standard library only).

A stored hash reads ``scrypt$<n>$<r>$<p>$<salt>$<key>`` (salt and key in base64), so the
cost can be raised later without breaking older hashes. The parameters are one of OWASP's
equivalent scrypt settings (N=2^14, r=8, p=5): 16 MiB of memory per hash. At most a few
hashes are worked out at once, so a burst of log-ins cannot exhaust the server's memory.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
from typing import Optional, Tuple

SCRYPT_N = 2 ** 14
SCRYPT_R = 8
SCRYPT_P = 5
SALT_BYTES = 16
KEY_BYTES = 32
MAX_PASSWORD_CHARS = 1024
_SCHEME = "scrypt"
_MAX_MEMORY = 256 * 1024 * 1024  # refuses absurd parameters in a stored hash
_CONCURRENT_HASHES = threading.BoundedSemaphore(4)


def hash_password(password: str) -> str:
    """A new salted hash of ``password``, for storing."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join([_SCHEME, str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(key)])


def verify_password(password: str, stored: Optional[str]) -> bool:
    """Whether ``password`` matches the stored hash; compares in constant time. With no
    stored hash (an unknown user) it still does the same work, so timing tells nothing."""
    parsed = _parse(stored) if stored else None
    if parsed is None:
        hmac.compare_digest(_scrypt(password, bytes(SALT_BYTES), SCRYPT_N, SCRYPT_R, SCRYPT_P), bytes(KEY_BYTES))
        return False
    n, r, p, salt, key = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, length: int = KEY_BYTES) -> bytes:
    with _CONCURRENT_HASHES:
        return hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                              maxmem=_MAX_MEMORY, dklen=length)


def _parse(stored: str) -> Optional[Tuple[int, int, int, bytes, bytes]]:
    """The parts of a stored hash, or None when it is not one this module wrote."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != _SCHEME or not all(part.isdigit() for part in parts[1:4]):
        return None
    n, r, p = (int(part) for part in parts[1:4])
    if n < 2 or n & (n - 1) or not 1 <= r <= 64 or not 1 <= p <= 64 or 128 * r * n > _MAX_MEMORY // 2:
        return None
    try:
        salt, key = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError:
        return None
    return (n, r, p, salt, key) if salt and 16 <= len(key) <= 64 else None


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")
