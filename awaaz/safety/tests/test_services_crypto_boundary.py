"""Only `awaaz/safety/services.py` imports the crypto module (DESIGN.md), and nothing outside it
touches PyNaCl: every other module of Awaaz reaches cryptography through the services."""

from __future__ import annotations

import ast
from pathlib import Path

import awaaz

PACKAGE = Path(awaaz.__file__).parent
SERVICES = PACKAGE / "safety" / "services.py"
CRYPTO = PACKAGE / "safety" / "crypto.py"
# The crypto module's own property tests exercise it directly; the cost tests count its
# derivations (they wrap `crypto.derive_key`).
CRYPTO_TESTS = PACKAGE / "safety" / "tests" / "test_crypto.py"
KDF_COST_TESTS = PACKAGE / "safety" / "tests" / "test_kdf_cost.py"
THIS = Path(__file__).resolve()


def _imports(path: Path) -> set[str]:
    """Every module a source file imports, with `from a import b` seen as both a and a.b."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offenders(allowed: set[Path], forbidden: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in allowed or path == THIS or "migrations" in path.parts:
            continue
        bad = sorted(
            n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in forbidden)
        )
        text = path.read_text(encoding="utf-8")
        if (
            "import_module" in text
            and "safety.crypto" in text
            and "awaaz.safety.crypto" in forbidden
        ):
            bad.append("importlib: awaaz.safety.crypto")
        if bad:
            found.append(f"{path.relative_to(PACKAGE.parent)}: {', '.join(bad)}")
    return found


def test_only_services_imports_the_crypto_module() -> None:
    assert "awaaz.safety.crypto" in _imports(SERVICES)
    assert _offenders({SERVICES, CRYPTO_TESTS, KDF_COST_TESTS}, ("awaaz.safety.crypto",)) == []


def test_only_the_crypto_module_uses_pynacl() -> None:
    assert _offenders({CRYPTO}, ("nacl",)) == []


def test_the_scan_catches_an_import(tmp_path: Path) -> None:
    # The scanner itself must see both spellings, or the tests above could never fail.
    sample = tmp_path / "sample.py"
    sample.write_text("from awaaz.safety import crypto\nimport nacl.public\n", encoding="utf-8")
    assert {"awaaz.safety.crypto", "nacl.public"} <= _imports(sample)
