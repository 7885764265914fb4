"""The vault's Ed25519 signing key: created on first use in `<vault>/keys/`, private half mode 0600.

The key signs every custody event. Whoever can read the vault folder can read the key, so the key proves
the log came from this vault, not who held it; that is why the chain head is also timestamped (RFC 3161)
and exported for safekeeping elsewhere.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from hisab.evidence.errors import VaultError

PRIVATE_NAME = "custody_ed25519.pem"
PUBLIC_NAME = "custody_ed25519.pub.pem"


def key_paths(vault_root: Path) -> tuple[Path, Path]:
    keys = Path(vault_root) / "keys"
    return keys / PRIVATE_NAME, keys / PUBLIC_NAME


def load_or_create_private_key(vault_root: Path) -> Ed25519PrivateKey:
    """The vault's signing key; generated (and written with mode 0600) if the vault has none yet."""
    private_path, public_path = key_paths(vault_root)
    if private_path.exists():
        mode = stat.S_IMODE(private_path.stat().st_mode)
        if mode & 0o077:
            raise VaultError(f"{private_path}: the custody signing key is readable by other users "
                             f"(mode {mode:o}); run: chmod 600 {private_path}")
        key = serialization.load_pem_private_key(private_path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise VaultError(f"{private_path}: expected an Ed25519 private key, found {type(key).__name__}")
        return key
    private_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    public_path.write_bytes(public_pem(key.public_key()))
    return key


def load_public_key(vault_root: Path) -> Ed25519PublicKey:
    """The public half, for verification (needs no secret)."""
    private_path, public_path = key_paths(vault_root)
    if public_path.exists():
        key = serialization.load_pem_public_key(public_path.read_bytes())
    elif private_path.exists():
        key = load_or_create_private_key(vault_root).public_key()
    else:
        raise VaultError(f"{public_path}: the vault has no custody key, so its log cannot be checked")
    if not isinstance(key, Ed25519PublicKey):
        raise VaultError(f"{public_path}: expected an Ed25519 public key")
    return key


def public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
