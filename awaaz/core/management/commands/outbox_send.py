"""Send the emails waiting in the outbox (awaaz.core.outbox).

Each request already wakes a background deliverer after its commit; this command picks up what
that could not send (a worker restarted, the mail server was down). Run it from cron every
minute (`awaaz outbox_send`), or keep it running with `--loop`. Any number may run at once:
a row is claimed before it is sent, so no two deliverers send the same email.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from awaaz.core.outbox import DEFAULT_LIMIT, DeliveryResult, outbox_deliver


class Command(BaseCommand):
    help = "Send the queued emails that are due (once, or every --interval seconds with --loop)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--limit", type=int, default=DEFAULT_LIMIT, help="at most this many per round"
        )
        parser.add_argument("--loop", action="store_true", help="keep running until stopped")
        parser.add_argument(
            "--interval", type=float, default=15.0, help="seconds between rounds with --loop"
        )

    def _report(self, result: DeliveryResult, *, quiet_when_idle: bool) -> None:
        if quiet_when_idle and not (result.sent or result.failed or result.given_up):
            return
        self.stdout.write(
            f"outbox: {result.sent} sent, {result.failed} to retry, {result.given_up} given up"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        limit: int = options["limit"]
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        if not options["loop"]:
            # Drain what is due now, a round at a time; stop at the first round with a failure.
            total = DeliveryResult()
            while True:
                result = outbox_deliver(limit=limit)
                total = DeliveryResult(
                    sent=total.sent + result.sent,
                    failed=total.failed + result.failed,
                    given_up=total.given_up + result.given_up,
                )
                if result.sent < limit or result.failed:
                    break
            self._report(total, quiet_when_idle=options["verbosity"] < 2)
            return
        try:
            while True:
                self._report(outbox_deliver(limit=limit), quiet_when_idle=True)
                time.sleep(options["interval"])
        except KeyboardInterrupt:
            return
