"""A local RFC 3161 authority for tests: certificates made with `cryptography`, replies with `openssl ts`."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CONFIG = """
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = yes
tsa_name = no
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_tsa(folder: Path) -> dict[str, Path]:
    """Root CA and TSA certificate (critical timeStamping EKU) in `folder`; returns their paths."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed: the local timestamp authority cannot run")
    now = dt.datetime.now(dt.UTC)
    root_key, tsa_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    root = (x509.CertificateBuilder().subject_name(_name("Test Root")).issuer_name(_name("Test Root"))
            .public_key(root_key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    tsa = (x509.CertificateBuilder().subject_name(_name("Test TSA")).issuer_name(_name("Test Root"))
           .public_key(tsa_key.public_key()).serial_number(2).not_valid_before(now - dt.timedelta(days=1))
           .not_valid_after(now + dt.timedelta(days=30))
           .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
           .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
           .sign(root_key, hashes.SHA256()))
    paths = {"root": folder / "root.pem", "tsa": folder / "tsa.pem", "key": folder / "tsa.key",
             "config": folder / "ts.cnf"}
    paths["root"].write_bytes(root.public_bytes(serialization.Encoding.PEM))
    paths["tsa"].write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    paths["key"].write_bytes(tsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                   serialization.NoEncryption()))
    (folder / "serial").write_text("01\n")
    paths["config"].write_text(CONFIG.format(dir=folder))
    return paths


def reply(tsa: dict[str, Path], request: Path, out: Path) -> Path:
    subprocess.run(["openssl", "ts", "-reply", "-config", str(tsa["config"]), "-queryfile", str(request),
                    "-signer", str(tsa["tsa"]), "-inkey", str(tsa["key"]), "-out", str(out)],
                   check=True, capture_output=True)
    return out
