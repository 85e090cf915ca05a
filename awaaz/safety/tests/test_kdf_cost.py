"""The Argon2id costs: one for receipts, one for passwords; how often each is paid; old reports.

The costs themselves and why they were chosen: docs/threat-model.md, "Key derivation cost".
Nothing here measures time (that is bench/reports.py); it counts derivations and checks which
cost each envelope was made with.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client, override_settings

from awaaz.core.testing import PERSONA_PASSWORD
from awaaz.safety import crypto, services
from awaaz.safety.models import CaseWorkerKey, Report
from awaaz.safety.tests.test_intake_report import IntakeTestCase, token_in, url
from awaaz.safety.tests.test_services_core import CANARY, SafetyServicesTestCase, _report

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def counted_derivations() -> Iterator[list[crypto.KdfParams]]:
    """Record every Argon2id derivation (its cost) made inside the block."""
    calls: list[crypto.KdfParams] = []
    real = crypto.derive_key

    def counting(secret: bytes, *, salt: bytes, params: crypto.KdfParams) -> bytes:
        calls.append(params)
        return real(secret, salt=salt, params=params)

    crypto.derive_key = counting  # receipt_secrets looks it up in the module at each call
    try:
        yield calls
    finally:
        crypto.derive_key = real


RECEIPT_COST = {"AWAAZ_KDF_RECEIPT_OPSLIMIT": 1, "AWAAZ_KDF_RECEIPT_MEMLIMIT": 8192}
PASSWORD_COST = {"AWAAZ_KDF_OPSLIMIT": 2, "AWAAZ_KDF_MEMLIMIT": 16384}


@override_settings(**RECEIPT_COST, **PASSWORD_COST)
class SubmissionCostTests(IntakeTestCase):
    def test_a_submission_derives_once_and_a_follow_up_once(self) -> None:
        client = Client()
        with counted_derivations() as calls:
            receipt = self.file_report(client)
        assert calls == [crypto.KdfParams(opslimit=1, memlimit=8192)]

        with counted_derivations() as calls:
            page = self.open_report(client, receipt).content.decode()
        assert len(calls) == 1
        # With the report open, reading, adding and deleting derive nothing more.
        with counted_derivations() as calls:
            token = token_in(page)
            page = client.post(url("safety:intake_thread"), {"token": token}).content.decode()
            page = client.post(
                url("safety:intake_add"), {"token": token_in(page), "text": "More words."}
            ).content.decode()
            page = client.post(
                url("safety:intake_delete"), {"token": token_in(page)}
            ).content.decode()
            client.post(url("safety:intake_delete"), {"token": token_in(page), "confirm": "yes"})
        assert calls == []
        assert not Report.objects.exists()


@override_settings(**RECEIPT_COST, **PASSWORD_COST)
class TwoCostsTests(SafetyServicesTestCase):
    def test_receipts_and_passwords_each_use_their_own_cost(self) -> None:
        report, _receipt = _report()
        assert (report.kdf_opslimit, report.kdf_memlimit) == (1, 8192)
        record = CaseWorkerKey.objects.get(user=self.case_worker)
        assert (record.kdf_opslimit, record.kdf_memlimit) == (2, 16384)

    def test_reports_made_at_an_earlier_cost_still_open(self) -> None:
        with override_settings(AWAAZ_KDF_RECEIPT_OPSLIMIT=3, AWAAZ_KDF_RECEIPT_MEMLIMIT=16384):
            old, old_receipt = _report()
        new, new_receipt = _report()
        assert (old.kdf_opslimit, old.kdf_memlimit) == (3, 16384)
        current = crypto.KdfParams(opslimit=1, memlimit=8192)
        earlier = crypto.KdfParams(opslimit=3, memlimit=16384)

        # A receipt of the current cost: one derivation, at the current cost.
        with counted_derivations() as calls:
            access = services.report_open_by_receipt(receipt=new_receipt)
        assert access.report == new
        assert calls == [current]
        # A wrong receipt costs one derivation per cost in use, and opens nothing.
        with counted_derivations() as calls, pytest.raises(services.ReceiptNotFound):
            services.report_open_by_receipt(receipt="1234" * 4)
        assert calls == [current, earlier]
        # An older receipt: the current cost is tried first, then the earlier one opens it...
        with counted_derivations() as calls:
            access = services.report_open_by_receipt(receipt=old_receipt)
        assert access.report == old
        assert CANARY in services.reporter_read(access=access).narrative
        assert calls == [current, earlier]
        # ...and moves it to the current cost, with no extra derivation: from now on it opens
        # with one, and the earlier cost is no longer tried for anyone.
        old.refresh_from_db()
        assert (old.kdf_opslimit, old.kdf_memlimit) == (1, 8192)
        with counted_derivations() as calls:
            again = services.report_open_by_receipt(receipt=old_receipt)
        assert again.report == old
        assert CANARY in services.reporter_read(access=again).narrative
        assert calls == [current]
        with counted_derivations() as calls, pytest.raises(services.ReceiptNotFound):
            services.report_open_by_receipt(receipt="1234" * 4)
        assert calls == [current]
        # The case workers' envelopes were not touched: they still open it.
        key = self.unlock(self.case_worker)
        contents = services.report_read(actor=self.case_worker, key=key, report=old)
        assert CANARY in contents.narrative

    def test_a_password_key_made_at_an_earlier_cost_still_unlocks(self) -> None:
        with override_settings(AWAAZ_KDF_OPSLIMIT=1, AWAAZ_KDF_MEMLIMIT=8192):
            services.caseworker_password_change(
                user=self.case_worker, old_password=PERSONA_PASSWORD, new_password="p" * 14
            )
        record = CaseWorkerKey.objects.get(user=self.case_worker)
        assert (record.kdf_opslimit, record.kdf_memlimit) == (1, 8192)
        services.caseworker_keys_unlock(user=self.case_worker, password="p" * 14)


# --- the production floor --------------------------------------------------------------------


def _production_check(tmp_path: Path, **kdf: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k != "AWAAZ_TESTING" and not k.startswith("AWAAZ_KDF")
    }
    environment.update(
        {
            "AWAAZ_VAR_DIR": str(tmp_path),
            "AWAAZ_PRODUCTION": "1",
            "SECRET_KEY": "s" * 60,
            "ALLOWED_HOSTS": "awaaz.example.org",
            "AWAAZ_RECEIPT_PEPPER": "p" * 48,
            **kdf,
        }
    )
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c",
         "from django.conf import settings as s; print(s.AWAAZ_KDF_RECEIPT_OPSLIMIT, "
         "s.AWAAZ_KDF_RECEIPT_MEMLIMIT, s.AWAAZ_KDF_OPSLIMIT, s.AWAAZ_KDF_MEMLIMIT)"],
        capture_output=True, text=True, env=environment, cwd=ROOT, check=False,
    )  # fmt: skip


def test_production_uses_the_documented_costs(tmp_path: Path) -> None:
    result = _production_check(tmp_path)
    assert result.returncode == 0, result.stderr
    receipt_ops, receipt_mem, password_ops, password_mem = result.stdout.splitlines()[-1].split()
    assert (receipt_ops, receipt_mem) == ("2", str(8 * 1024 * 1024))
    assert (password_ops, password_mem) == ("3", str(64 * 1024 * 1024))


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("AWAAZ_KDF_RECEIPT_MEMLIMIT", str(4 * 1024 * 1024), "AWAAZ_KDF_RECEIPT_MEMLIMIT below 8"),
        ("AWAAZ_KDF_RECEIPT_OPSLIMIT", "1", "AWAAZ_KDF_RECEIPT_OPSLIMIT below 2"),
        ("AWAAZ_KDF_MEMLIMIT", str(32 * 1024 * 1024), "AWAAZ_KDF_MEMLIMIT below 64"),
        ("AWAAZ_KDF_OPSLIMIT", "2", "AWAAZ_KDF_OPSLIMIT below 3"),
    ],
)
def test_production_refuses_a_cost_below_the_floor(
    tmp_path: Path, variable: str, value: str, message: str
) -> None:
    result = _production_check(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "is for tests, not production" in result.stderr


def test_production_accepts_a_higher_receipt_cost(tmp_path: Path) -> None:
    result = _production_check(tmp_path, AWAAZ_KDF_RECEIPT_MEMLIMIT=str(19 * 1024 * 1024))
    assert result.returncode == 0, result.stderr
