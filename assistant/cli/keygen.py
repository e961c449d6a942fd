"""`prescreen keygen --out PREFIX`: make a station's Ed25519 key pair (PREFIX.key, PREFIX.pub)."""

from __future__ import annotations

import argparse
import sys

from assistant.audit import signing


def run(ns: argparse.Namespace) -> int:
    """Write the key pair; refuses to overwrite an existing key."""
    try:
        priv, pub = signing.generate_keypair(ns.out)
        fp = signing.fingerprint(signing.load_public_key(pub))
    except signing.SigningError as e:
        print(f"prescreen keygen: {e}", file=sys.stderr)
        return 1
    print(f"private key: {priv} (mode 600; keep it on the station, never share it)")
    print(f"public key:  {pub} (give this to reviewers: prescreen verify --public-key {pub})")
    print(f"fingerprint: {fp}")
    return 0
