"""A small durable outbox for email: no request ever waits for the mail server.

`email_queue()` writes one `OutboxEmail` row in the caller's transaction; nothing is sent from
the request. `outbox_deliver()` sends due rows through Django's mail backend (SMTP), deletes each
row once the server has accepted it, and backs off on failure (1, 5, 15, 60 minutes, then hourly;
after 24 hours it gives up, deletes the row and logs that it did, without the address).

Two ways deliver, and together they give these guarantees:

- **Prompt, off the request path.** After the caller's transaction commits, the new rows are
  handed to one daemon thread per worker process (`AWAAZ_OUTBOX_WAKE = "thread"`), which runs
  `outbox_deliver()` for them while the response goes out. A slow or unreachable mail server
  therefore delays only that thread, never the survivor's receipt page. A rolled-back transaction
  queues nothing and wakes nothing. With `"inline"` (the test suite's default) the same delivery
  runs in the on-commit callback itself, so tests are deterministic; `"off"` leaves everything
  to the command.
- **Nothing lost.** The row is committed before any attempt, so a worker that restarts, a thread
  that dies or a mail server that is down leaves it in the table; `awaaz outbox_send` (cron every
  minute, or `--loop` beside the development server) picks up every due row. A database that is
  busy when the thread claims (SQLite: another writer) gets three more tries within seconds
  (`BUSY_RETRY_SECONDS`) before the rows are left to the command.
- **Never sent twice by two deliverers.** A deliverer claims each row before sending it, by a
  conditional update that moves `next_attempt_at` a lease (`LEASE`) into the future; only the
  deliverer whose update changed the row sends it. On PostgreSQL the candidates are first locked
  with `SELECT ... FOR UPDATE SKIP LOCKED`, so deliverers do not even wait for each other; SQLite
  serialises the (IMMEDIATE) claiming transactions. Sending happens after the claim committed,
  outside any transaction, so a slow server never holds a database lock.
- **At least once, not exactly once.** If a process dies after the server accepted a message but
  before its row was deleted, the lease expires and the message is sent again: a case worker may,
  rarely, get the same content-free notice twice. A lease also bounds how long one message may
  take to send; it is far above EMAIL_TIMEOUT.

What a row holds: the recipient's address, the subject and body in her language. Callers must
keep bodies content-free (the safety notifications are); rows are deleted when sent or given up.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import smtplib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import OperationalError, connections, transaction
from django.utils import timezone

from awaaz.core.models import OutboxEmail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, 3rd... failed attempt; the last one repeats.
BACKOFF_MINUTES = (1, 5, 15, 60)
# A message not sent this long after it was queued is dropped (and the drop is logged).
GIVE_UP_AFTER = datetime.timedelta(hours=24)
# How long a claimed row is reserved for the deliverer that claimed it.
LEASE = datetime.timedelta(minutes=10)
DEFAULT_LIMIT = 100

# Failures that concern one message (the server refused it, or it cannot be written as an
# email at all, e.g. a line break in the address): try the next one. Anything else (refused
# connection, timeout, dropped connection) means the server is unusable right now.
_MESSAGE_ERRORS = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPSenderRefused,
    smtplib.SMTPDataError,
    ValueError,
)


@dataclass(frozen=True)
class DeliveryResult:
    sent: int = 0
    failed: int = 0
    given_up: int = 0


def email_queue(*, recipient: str, subject: str, body: str, language: str = "en") -> OutboxEmail:
    """Queue one email in the caller's transaction; it is delivered after the commit.

    The body must not carry anything sensitive: it sits in the database until it is sent.
    """
    row = OutboxEmail.objects.create(
        recipient=recipient,
        subject=subject,
        body=body,
        language=language,
        next_attempt_at=timezone.now(),
    )
    pk = row.pk
    transaction.on_commit(lambda: _wake([pk]))
    return row


def _backoff(attempts: int) -> datetime.timedelta:
    index = min(max(attempts, 1), len(BACKOFF_MINUTES)) - 1
    return datetime.timedelta(minutes=BACKOFF_MINUTES[index])


def outbox_claim(
    *, limit: int = DEFAULT_LIMIT, ids: Iterable[int] | None = None
) -> list[OutboxEmail]:
    """Reserve up to `limit` due rows (of `ids`, if given) for this deliverer, for `LEASE`.

    A row another deliverer has claimed is not due any more, so it is skipped; the conditional
    update makes the claim safe even where the database has no row locks (SQLite).
    """
    now = timezone.now()
    due = OutboxEmail.objects.filter(next_attempt_at__lte=now).order_by("next_attempt_at", "id")
    if ids is not None:
        due = due.filter(pk__in=list(ids))
    with transaction.atomic():
        candidates = list(due.select_for_update(skip_locked=True)[:limit])
        claimed = []
        for row in candidates:
            updated = OutboxEmail.objects.filter(pk=row.pk, next_attempt_at__lte=now).update(
                next_attempt_at=now + LEASE
            )
            if updated == 1:
                row.next_attempt_at = now + LEASE
                claimed.append(row)
    return claimed


def _failed(row: OutboxEmail, error: BaseException, result: dict[str, int]) -> None:
    now = timezone.now()
    attempts = row.attempts + 1
    if now - row.created_at >= GIVE_UP_AFTER:
        OutboxEmail.objects.filter(pk=row.pk).delete()
        result["given_up"] += 1
        # The error's text may quote the address: only its kind is logged.
        logger.warning(
            "core.outbox: gave up on email %s after %s attempts over 24 hours (%s)",
            row.pk,
            attempts,
            type(error).__name__,
        )
        return
    wait = _backoff(attempts)
    OutboxEmail.objects.filter(pk=row.pk).update(attempts=attempts, next_attempt_at=now + wait)
    result["failed"] += 1
    logger.warning(
        "core.outbox: email %s not sent (attempt %s, %s); next try in %s min",
        row.pk,
        attempts,
        type(error).__name__,
        int(wait.total_seconds() // 60),
    )


def outbox_send_claimed(rows: list[OutboxEmail]) -> DeliveryResult:
    """Send rows this deliverer has claimed; delete each one the server accepted."""
    result = {"sent": 0, "failed": 0, "given_up": 0}
    if not rows:
        return DeliveryResult()
    connection = get_connection(fail_silently=False)
    try:
        for index, row in enumerate(rows):
            message = EmailMessage(
                row.subject, row.body, None, [row.recipient], connection=connection
            )
            try:
                message.send()
            except _MESSAGE_ERRORS as error:
                _failed(row, error, result)
                continue
            except OSError as error:  # smtplib.SMTPException is an OSError too
                # The server is unusable: this row and the rest back off together.
                for rest in rows[index:]:
                    _failed(rest, error, result)
                break
            OutboxEmail.objects.filter(pk=row.pk).delete()
            result["sent"] += 1
    finally:
        with contextlib.suppress(OSError):
            connection.close()
    return DeliveryResult(**result)


def outbox_deliver(
    *, limit: int = DEFAULT_LIMIT, ids: Iterable[int] | None = None
) -> DeliveryResult:
    """Claim and send up to `limit` due emails (of `ids`, if given); see the module docstring."""
    return outbox_send_claimed(outbox_claim(limit=limit, ids=ids))


# --- waking a deliverer after the commit ---------------------------------------------------
# One daemon thread per process at most; it drains the ids handed to it, then ends.

_lock = threading.Lock()
# A database error in the background (SQLite: another writer held the lock past its timeout) is
# retried after these pauses before the rows are left to `outbox_send`. Retrying is safe: a row
# already claimed is leased, so it is never claimed, and sent, twice.
BUSY_RETRY_SECONDS = (0.2, 1.0, 3.0)
_pending: set[int] = set()
_thread: threading.Thread | None = None


def _wake(ids: list[int]) -> None:
    mode = getattr(settings, "AWAAZ_OUTBOX_WAKE", "thread")
    if mode == "off":
        return
    if mode == "inline":
        outbox_deliver(ids=ids)
        return
    global _thread
    with _lock:
        _pending.update(ids)
        if _thread is None:
            _thread = threading.Thread(target=_drain, name="awaaz-outbox", daemon=True)
            _thread.start()


def _drain() -> None:
    global _thread
    try:
        while True:
            with _lock:
                if not _pending:
                    _thread = None
                    return
                ids = sorted(_pending)
                _pending.clear()
            _deliver_retrying(ids)
    finally:
        with _lock:
            if _thread is threading.current_thread():
                _thread = None
        connections.close_all()


def _deliver_retrying(ids: list[int]) -> None:
    for pause in (*BUSY_RETRY_SECONDS, None):
        try:
            outbox_deliver(ids=ids)
            return
        except OperationalError as error:
            if pause is None:
                failure: Exception = error
                break
            time.sleep(pause)
        except Exception as error:
            failure = error
            break
    # The rows stay queued; `outbox_send` will find them.
    logger.warning("core.outbox: background delivery failed (%s)", type(failure).__name__)


def outbox_background_idle(timeout: float | None = None) -> bool:
    """Wait until this process's delivery thread has finished (for tests and shutdown)."""
    with _lock:
        thread = _thread
    if thread is None:
        return True
    thread.join(timeout)
    return not thread.is_alive()
