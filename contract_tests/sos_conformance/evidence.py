"""What a supplier hands an authority with a run's reports, and the check the authority makes of it.

``conformance-manifest.json`` lists the SHA-256 digest of each report file, of the contract and the
requirements catalogue the suite checked against, with the suite's version, the run, the system and
the result. Given ``--sign-key`` (an Ed25519 private key in PEM, e.g. ``openssl genpkey -algorithm
ed25519 -out supplier.pem``), the suite also writes ``conformance-manifest.sig``: the manifest's
Ed25519 signature, in base64. An authority holding the supplier's public key (``openssl pkey -in
supplier.pem -pubout``) runs ``sos-conformance --verify DIR --public-key supplier.pub``: every file
as the manifest lists it, and the signature the supplier's. A report edited after the run, a file
missing, or a manifest signed by another key, fails the check and names what.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from sos_conformance.setup_checks import ConfigError

MANIFEST = "conformance-manifest.json"
SIGNATURE = "conformance-manifest.sig"
CONTRACT_FILES = ("openapi.json", "requirements.json")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_manifest(
    directory: Path, meta: Mapping[str, Any], reports: Mapping[str, Path], sign_key: Path | None = None
) -> list[Path]:
    """The manifest of the run's ``reports`` (and its signature with ``sign_key``): the files written."""
    contract = resources.files("sos_conformance").joinpath("contract")
    manifest = {
        "suite_version": meta.get("suite_version"),
        "contract_version": meta.get("contract_version"),
        "run_id": meta.get("run_id"),
        "system_under_test": meta.get("system_under_test"),
        "run_by": meta.get("run_by"),
        "started_at": meta.get("started_at"),
        "result": "failed" if meta.get("exit_code") == 1 else "passed",
        "complete": meta.get("complete"),
        "incomplete_because": meta.get("incomplete_because"),
        "contract": {name: digest(contract.joinpath(name).read_bytes()) for name in CONTRACT_FILES},
        "files": {path.name: digest(path.read_bytes()) for path in reports.values()},
    }
    written = directory / MANIFEST
    written.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    if sign_key is None:
        return [written]
    key = signing_key(sign_key)
    signature = directory / SIGNATURE
    signature.write_text(base64.b64encode(key.sign(written.read_bytes())).decode() + "\n", encoding="ascii")
    return [written, signature]


def signing_key(path: Path) -> Ed25519PrivateKey:
    """The Ed25519 private key in the PEM file ``path`` (unencrypted), or a configuration problem."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise ConfigError(f"--sign-key {path}: not a readable unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise ConfigError(f"--sign-key {path}: not an Ed25519 key")
    return key


def verify(directory: Path, public_key: Path | None = None) -> list[str]:
    """What is wrong with the reports in ``directory`` against their manifest (and, with
    ``public_key``, its signature); nothing when they are as the run wrote them."""
    manifest_file = directory / MANIFEST
    if not manifest_file.is_file():
        return [f"no {MANIFEST} in {directory}"]
    raw = manifest_file.read_bytes()
    problems = []
    for name, expected in sorted(json.loads(raw).get("files", {}).items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif digest(path.read_bytes()) != expected:
            problems.append(f"{name}: changed since the run (its SHA-256 is not the manifest's)")
    if public_key is not None:
        problems += _signature_problems(directory / SIGNATURE, raw, public_key)
    return problems


def _signature_problems(signature_file: Path, manifest: bytes, public_key: Path) -> list[str]:
    if not signature_file.is_file():
        return [f"{SIGNATURE}: missing (the run was not signed)"]
    key = serialization.load_pem_public_key(public_key.read_bytes())
    if not isinstance(key, Ed25519PublicKey):
        return [f"{public_key} is not an Ed25519 public key"]
    try:
        key.verify(base64.b64decode(signature_file.read_text(encoding="ascii").strip()), manifest)
    except (InvalidSignature, ValueError):
        return [f"{SIGNATURE}: not a signature of {MANIFEST} by this key"]
    return []
