"""Copy the published contract and requirements catalogue into the package (run after
``sos-reference export-openapi``). ``--check`` only reports drift and exits 1 if there is any."""

from __future__ import annotations

import filecmp
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "openapi"
TARGET = HERE / "sos_conformance" / "contract"
FILES = ("openapi.json", "requirements.json")


def drifted() -> list[str]:
    return [
        name
        for name in FILES
        if not (TARGET / name).exists() or not filecmp.cmp(SOURCE / name, TARGET / name, shallow=False)
    ]


def main(argv: list[str]) -> int:
    stale = drifted()
    if "--check" in argv:
        for name in stale:
            print(f"{TARGET / name} differs from {SOURCE / name}: run python contract_tests/sync_contract.py")
        return 1 if stale else 0
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(SOURCE / name, TARGET / name)
        print(f"copied {SOURCE / name} -> {TARGET / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
