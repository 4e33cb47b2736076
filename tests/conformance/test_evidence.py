"""The evidence a supplier hands an authority (sos_conformance/evidence.py): a run writes a manifest
of its reports' digests, signed with the supplier's Ed25519 key when given; ``--verify`` passes the
reports as written and names what was changed, removed or signed by another key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sos_conformance import cli
from sos_conformance.evidence import MANIFEST, SIGNATURE, verify

from tests.conformance.conftest import run_checks, serve


def _key_pair(directory: Path, name: str) -> tuple[Path, Path]:
    key = Ed25519PrivateKey.generate()
    private, public = directory / f"{name}.pem", directory / f"{name}.pub"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    public.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return private, public


def _verified(directory: Path, public: Path | None = None) -> int:
    argv = ["--verify", str(directory)] + (["--public-key", str(public)] if public else [])
    return cli.main(argv)


def test_a_signed_run_verifies_and_any_change_is_named(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    private, public = _key_pair(tmp_path, "supplier")
    _, stranger = _key_pair(tmp_path, "stranger")
    reports = tmp_path / "reports"
    with serve(reference_app()) as base_url:
        run = run_checks(base_url, tokens, reports, "--only", "reference-data", "--sign-key", str(private))
    assert run.exit_code == 0, run.explain()
    manifest = json.loads((reports / MANIFEST).read_text())
    assert set(manifest["files"]) == {
        "conformance-report.json",
        "conformance-summary.json",
        "conformance-junit.xml",
        "conformance-report.html",
    }
    assert manifest["run_id"] == run.report["run_id"] and manifest["result"] == "passed"
    assert set(manifest["contract"]) == {"openapi.json", "requirements.json"}
    assert verify(reports, public) == [] and _verified(reports, public) == 0
    assert verify(reports, stranger) == [f"{SIGNATURE}: not a signature of {MANIFEST} by this key"]
    summary = reports / "conformance-summary.json"
    summary.write_text(summary.read_text().replace('"passed"', '"failed"', 1))
    assert verify(reports) == [
        "conformance-summary.json: changed since the run (its SHA-256 is not the manifest's)"
    ]
    (reports / "conformance-junit.xml").unlink()
    assert "conformance-junit.xml: missing" in verify(reports)
    assert _verified(reports, public) == 1


def test_a_manifest_changed_after_signing_fails_and_an_unsigned_run_needs_no_key(
    reference_app: Any, tokens: dict[str, str], tmp_path: Path
) -> None:
    private, public = _key_pair(tmp_path, "supplier")
    signed, unsigned = tmp_path / "signed", tmp_path / "unsigned"
    with serve(reference_app()) as base_url:
        run_checks(base_url, tokens, signed, "--only", "reference-data", "--sign-key", str(private))
        run_checks(base_url, tokens, unsigned, "--only", "reference-data")
    manifest = signed / MANIFEST
    manifest.write_text(manifest.read_text().replace('"passed"', '"failed"'))
    assert verify(signed, public) == [f"{SIGNATURE}: not a signature of {MANIFEST} by this key"]
    assert not (unsigned / SIGNATURE).exists() and verify(unsigned) == []
    assert verify(unsigned, public) == [f"{SIGNATURE}: missing (the run was not signed)"]


def test_a_key_that_is_not_ed25519_is_a_configuration_problem(tokens: dict[str, str], tmp_path: Path) -> None:
    not_a_key = tmp_path / "key.pem"
    not_a_key.write_text("not a key")
    run = run_checks("http://127.0.0.1:9", tokens, tmp_path / "r", "--sign-key", str(not_a_key))
    assert run.exit_code == 2 and "--sign-key" in run.stderr, run.explain()
