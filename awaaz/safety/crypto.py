"""All the cryptography of safe reporting, in one small module (libsodium through PyNaCl).

Only `awaaz/safety/services.py` imports this module; nothing else in Awaaz re-implements any of
it (a test scans the sources).

What it guarantees
- **Encryption at rest.** Everything sensitive is stored as ciphertext: small records are sealed
  (X25519 + XSalsa20-Poly1305, `SealedBox`) to a per-report public key; files are encrypted in
  64 KiB chunks with `crypto_secretstream_xchacha20poly1305` under a random per-file key.
- **Keys only in envelopes.** A report's private key is stored sealed to each assigned case
  worker's public key and wrapped (`SecretBox`) by a key derived from the reporter's receipt
  (Argon2id, then BLAKE2b with a per-report salt). A case worker's private key is wrapped by
  Argon2id of her password and, separately, by a random recovery key. Deleting the envelopes
  destroys access (crypto-shredding).
- **Integrity.** Every ciphertext is authenticated: one flipped byte, a truncated file, chunks
  reordered or a wrong key all raise `DecryptionError`; nothing half-decrypted is returned.
- **Receipt look-up without a stored receipt.** One Argon2id run over the receipt, keyed with a
  server secret (the pepper), yields both the look-up value and the key that unwraps the
  report's private key; a stolen database alone cannot test receipts, and every guess costs a
  full Argon2id run.
- **No global lock.** Key derivation calls libsodium directly; several run at once (libsodium
  releases the GIL), unlike a server that queues every sign-in behind one lock.

Key derivation cost (the settings; reasons and figures in docs/threat-model.md)
- **Receipts: Argon2id, 2 passes over 8 MiB** (AWAAZ_KDF_RECEIPT_*; about 8 ms of one core on
  the 2-core benchmark machine), paid once per submission and once per follow-up. Below OWASP's
  password minimums (19 MiB x 2, 12 MiB x 3) on purpose: those protect human-chosen passwords
  whose hashes a stolen database alone lets anyone test. A receipt is 53 random bits and the
  pepper (kept outside the database) is mixed in before Argon2id, so the database alone tests
  nothing at any cost; online guesses are rate limited. The cost only matters to someone who
  holds the database *and* the pepper: with it, one guess costs ~8 ms of a core and tests every
  report at once (the look-up salt is shared), so finding any one of 10,000 reports takes about
  10^12 guesses (~250 core-years; ~2 GPU-years at an optimistic 20,000 guesses/s per GPU), and a
  chosen report about 5 x 10^15 (~1.3 million core-years). Four times the cost would buy four
  times those figures and cost every reporter four times the wait.
- **Case workers' passwords: Argon2id, 3 passes over 64 MiB** (AWAAZ_KDF_*): a password may be
  weak and no server secret is mixed in, and it is paid once per console session.
- Each envelope stores the cost it was made with, so changing a setting never locks anyone out;
  the services re-wrap a receipt envelope at the current cost when its reporter comes back.

What it does not guarantee
- **Not end-to-end.** The server handles plaintext while it serves a request (it encrypts the
  report it receives and decrypts what a case worker reads). A compromised running server sees
  what passes through it during that time.
- Sealed boxes are anonymous: they prove a message was not changed, not who wrote it; the
  database row (sender, author) says that, and the server is trusted to write it honestly.
- The receipt has 16 decimal digits (about 53 bits): strong only together with the slow KDF,
  the pepper and the rate limits in front of it.
- Sizes, counts and dates of ciphertexts are visible.
- Python cannot reliably wipe memory: keys live in ordinary `bytes` until garbage-collected.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import nacl.bindings as sodium
import nacl.exceptions
import nacl.hash
import nacl.pwhash
import nacl.secret
import nacl.utils
from nacl.public import PrivateKey, PublicKey, SealedBox

__all__ = [
    "CHUNK_SIZE",
    "KEY_SIZE",
    "SALT_SIZE",
    "DecryptionError",
    "KdfParams",
    "PrivateKey",
    "ReceiptSecrets",
    "derive_key",
    "keypair_new",
    "private_key_from_bytes",
    "private_key_to_bytes",
    "public_key_of",
    "random_key",
    "receipt_new",
    "receipt_normalise",
    "receipt_secrets",
    "receipt_wrap_key",
    "recovery_key_new",
    "recovery_key_to_key",
    "salt_new",
    "seal",
    "secret_decrypt",
    "secret_encrypt",
    "server_key",
    "stream_decrypt",
    "stream_encrypt",
    "unseal",
]

KEY_SIZE = nacl.secret.SecretBox.KEY_SIZE  # 32
SALT_SIZE = nacl.pwhash.argon2id.SALTBYTES  # 16
CHUNK_SIZE = 64 * 1024
RECEIPT_DIGITS = 16
# Recovery keys: 20 random bytes (160 bits) in base32, shown as 8 groups of 4 characters.
_RECOVERY_BYTES = 20

_STREAM_HEADER = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
_STREAM_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL


class DecryptionError(Exception):
    """A ciphertext was tampered with, truncated, or the key is not the right one."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost: operations and memory in bytes (libsodium's opslimit and memlimit)."""

    opslimit: int
    memlimit: int


# --- keys ----------------------------------------------------------------------------------------
def keypair_new() -> PrivateKey:
    """A fresh X25519 key pair (its public half is `public_key_of`)."""
    return PrivateKey.generate()


def public_key_of(private_key: PrivateKey) -> bytes:
    return bytes(private_key.public_key)


def private_key_to_bytes(private_key: PrivateKey) -> bytes:
    return bytes(private_key)


def private_key_from_bytes(raw: bytes) -> PrivateKey:
    if len(raw) != PrivateKey.SIZE:
        raise DecryptionError("not a private key")
    return PrivateKey(raw)


def random_key() -> bytes:
    return nacl.utils.random(KEY_SIZE)


def server_key(secret: bytes, *, purpose: bytes) -> bytes:
    """A 32-byte key for one purpose, derived from a long random server secret (BLAKE2b)."""
    return nacl.hash.blake2b(
        purpose,
        key=nacl.hash.blake2b(secret, encoder=nacl.encoding.RawEncoder),
        digest_size=KEY_SIZE,
        encoder=nacl.encoding.RawEncoder,
    )


def salt_new() -> bytes:
    return nacl.utils.random(SALT_SIZE)


def derive_key(secret: bytes, *, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id: a 32-byte key from a low-entropy secret (a password, a receipt)."""
    return nacl.pwhash.argon2id.kdf(
        KEY_SIZE, secret, salt, opslimit=params.opslimit, memlimit=params.memlimit
    )


# --- small records ---------------------------------------------------------------------------
def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Encrypt to a public key; only its private key opens it."""
    return SealedBox(PublicKey(public_key)).encrypt(plaintext)


def unseal(private_key: PrivateKey, ciphertext: bytes) -> bytes:
    try:
        return SealedBox(private_key).decrypt(ciphertext)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise DecryptionError("cannot unseal") from error


def secret_encrypt(key: bytes, plaintext: bytes) -> bytes:
    """Encrypt with a symmetric key (XSalsa20-Poly1305, random nonce stored in front)."""
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def secret_decrypt(key: bytes, ciphertext: bytes) -> bytes:
    try:
        return nacl.secret.SecretBox(key).decrypt(ciphertext)
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise DecryptionError("cannot decrypt") from error


# --- receipts and recovery keys -----------------------------------------------------------------
def receipt_new() -> str:
    """16 random decimal digits: it can be saved as a phone contact."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def receipt_normalise(typed: str) -> str | None:
    """The 16 digits of a typed receipt (spaces, dashes and Urdu/Arabic digits allowed), or None."""
    digits = []
    for char in typed:
        if char in " -\u00a0":
            continue
        if not char.isdecimal():
            return None
        digits.append(str(int(char)))  # int() maps ۰-۹ and ٠-٩ to 0-9
    text = "".join(digits)
    return text if len(text) == RECEIPT_DIGITS else None


def _peppered(secret: str, pepper: bytes, person: bytes) -> bytes:
    # BLAKE2b keyed with the pepper: without the server secret, no Argon2id input can be formed.
    return nacl.hash.blake2b(
        secret.encode(), key=pepper[:64], person=person, encoder=nacl.encoding.RawEncoder
    )


@dataclass(frozen=True)
class ReceiptSecrets:
    """What one Argon2id run over a receipt yields: the look-up value and the master secret."""

    lookup: str  # hex, stored in the unique index
    master: bytes  # never stored; `receipt_wrap_key` turns it into the wrapping key


def receipt_secrets(receipt: str, *, pepper: bytes, params: KdfParams) -> ReceiptSecrets:
    """One slow, peppered derivation per receipt, shared by the look-up and the wrapping key.

    The look-up must be deterministic (a unique index finds the report), so its Argon2id salt is
    derived from the pepper rather than random. An attacker who can compute it has the receipt,
    so a second Argon2id with a per-report salt would add cost for reporters (twice the CPU on
    every submission and every follow-up) and none for the attacker. Instead the wrapping key is
    BLAKE2b over the Argon2id output with the per-report salt (`receipt_wrap_key`), and the
    look-up value is a different BLAKE2b of it, so neither reveals the other.
    """
    salt = nacl.hash.blake2b(
        b"awaaz receipt",
        key=pepper[:64],
        digest_size=SALT_SIZE,
        encoder=nacl.encoding.RawEncoder,
    )
    master = derive_key(_peppered(receipt, pepper, b"awaaz-receipt"), salt=salt, params=params)
    lookup = nacl.hash.blake2b(
        b"look-up", key=master, person=b"awaaz-lookup", encoder=nacl.encoding.HexEncoder
    ).decode()
    return ReceiptSecrets(lookup=lookup, master=master)


def receipt_wrap_key(master: bytes, *, salt: bytes) -> bytes:
    """The key that wraps a report's private key for its reporter (per-report salt)."""
    return nacl.hash.blake2b(
        b"wrap",
        key=master,
        salt=salt,
        person=b"awaaz-wrap",
        digest_size=KEY_SIZE,
        encoder=nacl.encoding.RawEncoder,
    )


def recovery_key_new() -> tuple[str, bytes]:
    """A printable recovery key and the 32-byte wrapping key it stands for."""
    raw = secrets.token_bytes(_RECOVERY_BYTES)
    text = base64.b32encode(raw).decode()
    shown = "-".join(text[i : i + 4] for i in range(0, len(text), 4))
    return shown, _recovery_wrap_key(raw)


def recovery_key_to_key(shown: str) -> bytes:
    """The wrapping key of a typed recovery key (case, spaces and dashes ignored)."""
    compact = "".join(c for c in shown.upper() if c.isalnum())
    try:
        raw = base64.b32decode(compact)
    except ValueError as error:
        raise DecryptionError("not a recovery key") from error
    if len(raw) != _RECOVERY_BYTES:
        raise DecryptionError("not a recovery key")
    return _recovery_wrap_key(raw)


def _recovery_wrap_key(raw: bytes) -> bytes:
    # 160 random bits need no slow KDF; BLAKE2b with a purpose label is enough.
    return nacl.hash.blake2b(
        raw, digest_size=KEY_SIZE, person=b"awaaz-recovery", encoder=nacl.encoding.RawEncoder
    )


# --- files ----------------------------------------------------------------------------------
def stream_encrypt(key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Encrypt a stream of any size: a header, then one authenticated chunk per CHUNK_SIZE bytes.

    The last chunk (empty for an empty input) carries the FINAL tag, so a truncated file is
    detected. Yields ciphertext pieces to write in order.
    """
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    yield sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    pending = bytearray()
    for piece in chunks:
        pending += piece
        start = 0
        # Hold back up to one full chunk: the last one must carry the FINAL tag.
        while len(pending) - start > CHUNK_SIZE:
            block = bytes(pending[start : start + CHUNK_SIZE])
            yield sodium.crypto_secretstream_xchacha20poly1305_push(state, block, tag=_TAG_MESSAGE)
            start += CHUNK_SIZE
        del pending[:start]
    yield sodium.crypto_secretstream_xchacha20poly1305_push(state, bytes(pending), tag=_TAG_FINAL)


def stream_decrypt(key: bytes, chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decrypt what `stream_encrypt` wrote; raises DecryptionError on any change or truncation.

    Plaintext is yielded chunk by chunk as each one is verified; a caller that must not act on a
    partial file should collect everything before using it.
    """
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    block_size = CHUNK_SIZE + _STREAM_ABYTES
    buffer = bytearray()
    started = False
    finished = False
    for piece in chunks:
        buffer += piece
        if not started:
            if len(buffer) < _STREAM_HEADER:
                continue
            header = bytes(buffer[:_STREAM_HEADER])
            del buffer[:_STREAM_HEADER]
            try:
                sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
            except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
                raise DecryptionError("bad stream header") from error
            started = True
        # Keep one block back: only at the end do we know a short block is the last one.
        start = 0
        while len(buffer) - start > block_size:
            if finished:
                raise DecryptionError("data after the final chunk")
            plain, finished = _pull(state, bytes(buffer[start : start + block_size]))
            start += block_size
            yield plain
        del buffer[:start]
    if not started:
        raise DecryptionError("stream too short")
    if finished:
        # The FINAL chunk came early: whatever follows it was appended.
        raise DecryptionError("data after the final chunk")
    plain, finished = _pull(state, bytes(buffer))
    if not finished:
        raise DecryptionError("stream truncated")
    yield plain


def _pull(
    state: sodium.crypto_secretstream_xchacha20poly1305_state, block: bytes
) -> tuple[bytes, bool]:
    try:
        plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(state, block)
    except (nacl.exceptions.CryptoError, ValueError, TypeError, RuntimeError) as error:
        raise DecryptionError("chunk refused") from error
    return plain, tag == _TAG_FINAL
