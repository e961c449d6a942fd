"""Ed25519 station keys: generation, fingerprints, signing and checking a transcript's chain head.

A transcript is signed once, at its end, over the hash of its last event (the chain head). Since
every event's hash covers the previous one, that single signature vouches for the whole file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "ed25519"


class SigningError(Exception):
    """A key could not be made, read or used; the message names the file and the cause."""


def key_paths(prefix: Path) -> tuple[Path, Path]:
    """The private and public key paths for a prefix: `<prefix>.key`, `<prefix>.pub`."""
    prefix = Path(prefix)
    return prefix.with_name(prefix.name + ".key"), prefix.with_name(prefix.name + ".pub")


def _write_exclusive(path: Path, data: bytes, mode: int) -> None:
    # O_EXCL: a key is never silently replaced (an overwritten key orphans old signatures).
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def generate_keypair(prefix: Path) -> tuple[Path, Path]:
    """Write a new key pair `<prefix>.key` (PEM PKCS8, mode 0o600) and `<prefix>.pub` (PEM).

    Refuses to overwrite either file. Returns (private_path, public_path).
    """
    priv_path, pub_path = key_paths(prefix)
    for p in (priv_path, pub_path):
        if p.exists():
            raise SigningError(f"{p}: already exists; refusing to overwrite a key")
    key = Ed25519PrivateKey.generate()
    priv_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    pub_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        _write_exclusive(priv_path, priv_pem, 0o600)
        try:
            _write_exclusive(pub_path, pub_pem, 0o644)
        except OSError:
            priv_path.unlink()  # don't leave half a pair behind
            raise
    except FileExistsError as e:
        raise SigningError(f"{e.filename}: already exists; refusing to overwrite a key") from e
    except OSError as e:
        raise SigningError(f"{e.filename or priv_path}: cannot write key: {e.strerror}") from e
    return priv_path, pub_path


def fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 hex of the raw 32-byte public key."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def key_id(fp: str) -> str:
    """Short id shown to people: the first 16 hex digits of the fingerprint."""
    return fp[:16]


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """Read a PEM Ed25519 private key; refuses one that others can read."""
    path = Path(path)
    try:
        st = path.stat()
        data = path.read_bytes()
    except OSError as e:
        raise SigningError(f"{path}: cannot read signing key: {e.strerror}") from e
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise SigningError(
            f"{path}: signing key is readable by others (mode {stat.S_IMODE(st.st_mode):o});"
            " chmod 600 it"
        )
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as e:
        raise SigningError(f"{path}: not a PEM private key: {e}") from e
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(f"{path}: not an Ed25519 key")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """Read a PEM Ed25519 public key (the `.pub` file)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SigningError(f"{path}: cannot read public key: {e.strerror}") from e
    if b"PRIVATE KEY" in data:
        raise SigningError(f"{path}: this is a private key; give the .pub file")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as e:
        raise SigningError(f"{path}: not a PEM public key: {e}") from e
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(f"{path}: not an Ed25519 key")
    return key


def sign(head_hash: str, key: Path | Ed25519PrivateKey) -> str:
    """Signature (hex) over the chain head hash (its ASCII hex text)."""
    if not isinstance(key, Ed25519PrivateKey):
        key = load_private_key(key)
    return key.sign(head_hash.encode("ascii")).hex()


def signature_payload(head_hash: str, key: Ed25519PrivateKey) -> dict[str, str]:
    """The payload of a transcript's `signature` event for this head."""
    fp = fingerprint(key.public_key())
    return {
        "key_id": key_id(fp),
        "algorithm": ALGORITHM,
        "signature": sign(head_hash, key),
        "public_key_fingerprint": fp,
        "signed_hash": head_hash,
    }


def verify_signature(
    head_hash: str, signature_hex: str, public_key: Path | Ed25519PublicKey
) -> bool:
    """True if `signature_hex` is a valid signature by `public_key` over `head_hash`."""
    if not isinstance(public_key, Ed25519PublicKey):
        public_key = load_public_key(public_key)
    try:
        public_key.verify(bytes.fromhex(signature_hex), head_hash.encode("ascii"))
    except (InvalidSignature, ValueError, UnicodeEncodeError):
        return False
    return True
