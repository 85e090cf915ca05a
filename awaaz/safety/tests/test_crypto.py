"""Property-based tests of the one crypto module: round trips, tampering, wrong keys, streams."""

from __future__ import annotations

import inspect
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awaaz.safety import crypto

CHEAP = crypto.KdfParams(opslimit=1, memlimit=8192)
PEPPER = b"p" * 32
CHUNK = crypto.CHUNK_SIZE

# Key generation is cheap; Argon2id at the test cost too. Keep examples modest all the same.
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _flip(data: bytes, index: int, mask: int) -> bytes:
    buf = bytearray(data)
    buf[index % len(buf)] ^= mask
    return bytes(buf)


@FAST
@given(st.binary(max_size=4096))
def test_seal_round_trip(plaintext: bytes) -> None:
    key = crypto.keypair_new()
    sealed = crypto.seal(crypto.public_key_of(key), plaintext)
    assert len(plaintext) < 16 or plaintext not in sealed
    assert crypto.unseal(key, sealed) == plaintext


@FAST
@given(st.binary(max_size=512), st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_seal_any_flipped_byte_is_refused(plaintext: bytes, index: int, mask: int) -> None:
    key = crypto.keypair_new()
    sealed = crypto.seal(crypto.public_key_of(key), plaintext)
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(key, _flip(sealed, index, mask))


@FAST
@given(st.binary(max_size=512))
def test_seal_wrong_private_key_is_refused(plaintext: bytes) -> None:
    key, other = crypto.keypair_new(), crypto.keypair_new()
    sealed = crypto.seal(crypto.public_key_of(key), plaintext)
    with pytest.raises(crypto.DecryptionError):
        crypto.unseal(other, sealed)


@FAST
@given(st.binary(max_size=2048), st.integers(min_value=0), st.integers(min_value=1, max_value=255))
def test_secret_box_round_trip_and_tampering(plaintext: bytes, index: int, mask: int) -> None:
    key = crypto.random_key()
    boxed = crypto.secret_encrypt(key, plaintext)
    assert crypto.secret_decrypt(key, boxed) == plaintext
    with pytest.raises(crypto.DecryptionError):
        crypto.secret_decrypt(key, _flip(boxed, index, mask))
    with pytest.raises(crypto.DecryptionError):
        crypto.secret_decrypt(crypto.random_key(), boxed)
    with pytest.raises(crypto.DecryptionError):
        crypto.secret_decrypt(key, boxed[: len(boxed) - 1])


@FAST
@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_password_derived_keys_differ_by_password_and_salt(first: str, second: str) -> None:
    salt = crypto.salt_new()
    key = crypto.derive_key(first.encode(), salt=salt, params=CHEAP)
    assert key == crypto.derive_key(first.encode(), salt=salt, params=CHEAP)
    assert key != crypto.derive_key(first.encode(), salt=crypto.salt_new(), params=CHEAP)
    if first != second:
        assert key != crypto.derive_key(second.encode(), salt=salt, params=CHEAP)


def test_receipts_are_16_digits_and_normalise_from_urdu_digits_and_dashes() -> None:
    receipts = {crypto.receipt_new() for _ in range(200)}
    assert len(receipts) == 200
    assert all(len(r) == 16 and r.isascii() and r.isdigit() for r in receipts)
    assert crypto.receipt_normalise("1234 5678-9012 3456") == "1234567890123456"
    assert crypto.receipt_normalise("۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶") == "1234567890123456"
    assert crypto.receipt_normalise("1234") is None
    assert crypto.receipt_normalise("1234abcd90123456") is None


@FAST
@given(st.from_regex(r"\d{16}", fullmatch=True))
def test_receipt_secrets_depend_on_the_pepper_and_the_salt(receipt: str) -> None:
    derived = crypto.receipt_secrets(receipt, pepper=PEPPER, params=CHEAP)
    assert derived == crypto.receipt_secrets(receipt, pepper=PEPPER, params=CHEAP)
    assert receipt not in derived.lookup
    assert derived.lookup != derived.master.hex()
    other = crypto.receipt_secrets(receipt, pepper=b"q" * 32, params=CHEAP)
    assert other.lookup != derived.lookup
    salt = crypto.salt_new()
    wrap = crypto.receipt_wrap_key(derived.master, salt=salt)
    assert wrap == crypto.receipt_wrap_key(derived.master, salt=salt)
    assert wrap != crypto.receipt_wrap_key(derived.master, salt=crypto.salt_new())
    assert wrap.hex() not in (derived.lookup, derived.master.hex())


def test_recovery_key_round_trip_and_typos() -> None:
    shown, key = crypto.recovery_key_new()
    assert len(shown.split("-")) == 8
    assert crypto.recovery_key_to_key(shown.lower().replace("-", " ")) == key
    typo = ("A" if shown[0] != "A" else "B") + shown[1:]
    assert crypto.recovery_key_to_key(typo) != key
    with pytest.raises(crypto.DecryptionError):
        crypto.recovery_key_to_key("not-a-key")


def _encrypt(key: bytes, data: bytes, piece: int = 7000) -> bytes:
    pieces = (data[i : i + piece] for i in range(0, len(data), piece))
    return b"".join(crypto.stream_encrypt(key, pieces))


def _decrypt(key: bytes, blob: bytes, piece: int = 5000) -> bytes:
    pieces = (blob[i : i + piece] for i in range(0, len(blob), piece))
    return b"".join(crypto.stream_decrypt(key, pieces))


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * 1024 * 1024 + 17]
)
def test_stream_round_trip_at_chunk_boundaries(size: int) -> None:
    key = crypto.random_key()
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    blob = _encrypt(key, data)
    assert _decrypt(key, blob) == data
    # The same input in one piece and in bytes-sized pieces gives back the same plaintext.
    assert b"".join(crypto.stream_decrypt(key, [blob])) == data
    with pytest.raises(crypto.DecryptionError):
        _decrypt(crypto.random_key(), blob)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK])
def test_truncated_streams_are_refused(size: int) -> None:
    key = crypto.random_key()
    blob = _encrypt(key, b"a" * size)
    cuts = {0, 1, 23, 24, len(blob) - 1, len(blob) - 17}
    # Cutting exactly at a chunk boundary must fail too (the FINAL tag is missing).
    cuts |= {24 + n * (CHUNK + 17) for n in range(1, size // CHUNK + 1)}
    for cut in sorted(c for c in cuts if 0 <= c < len(blob)):
        with pytest.raises(crypto.DecryptionError):
            _decrypt(key, blob[:cut])


@FAST
@given(
    st.integers(min_value=0, max_value=3 * CHUNK),
    st.integers(min_value=0),
    st.integers(min_value=1, max_value=255),
)
def test_stream_any_flipped_byte_is_refused(size: int, index: int, mask: int) -> None:
    key = crypto.random_key()
    blob = _encrypt(key, b"z" * size)
    with pytest.raises(crypto.DecryptionError):
        _decrypt(key, _flip(blob, index, mask))


def test_stream_appended_or_reordered_chunks_are_refused() -> None:
    key = crypto.random_key()
    blob = _encrypt(key, b"a" * CHUNK + b"b" * CHUNK + b"c")
    with pytest.raises(crypto.DecryptionError):
        _decrypt(key, blob + blob[24:])
    header, size = 24, CHUNK + 17
    first, second = blob[header : header + size], blob[header + size : header + 2 * size]
    swapped = blob[:header] + second + first + blob[header + 2 * size :]
    with pytest.raises(crypto.DecryptionError):
        _decrypt(key, swapped)


def test_the_module_takes_no_lock() -> None:
    # GlobaLeaks serialises key derivation behind one threading.Lock; we must not.
    source = inspect.getsource(crypto)
    assert "Lock(" not in source
    assert "import threading" not in source


def test_key_derivation_runs_in_parallel_threads() -> None:
    # No global lock: several derivations at once all finish and agree with a serial run.
    salt = crypto.salt_new()
    results: dict[int, bytes] = {}

    def work(n: int) -> None:
        results[n] = crypto.derive_key(str(n).encode(), salt=salt, params=CHEAP)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {
        n: crypto.derive_key(str(n).encode(), salt=salt, params=CHEAP) for n in range(8)
    }


def test_private_key_bytes_round_trip() -> None:
    key = crypto.keypair_new()
    again = crypto.private_key_from_bytes(crypto.private_key_to_bytes(key))
    sealed = crypto.seal(crypto.public_key_of(key), b"hello")
    assert crypto.unseal(again, sealed) == b"hello"
    with pytest.raises(crypto.DecryptionError):
        crypto.private_key_from_bytes(b"short")
