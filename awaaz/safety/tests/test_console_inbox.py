"""The inbox: only assigned reports, by status, with unread flags; the unassigned summary."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from awaaz.safety.models import CaseWorkerKey, Report, ReportKey
from awaaz.safety.tests.test_console_base import CANARY, ConsoleTestCase, report_make

INBOX = "safety:console_inbox"


def _report_url(report: Report) -> str:
    return reverse("safety:console_report", kwargs={"public_id": report.public_id})


class InboxTests(ConsoleTestCase):
    def test_case_worker_sees_only_reports_assigned_to_her(self) -> None:
        mine, _receipt = report_make()
        # A report sealed to her colleague only.
        CaseWorkerKey.objects.filter(user=self.case_worker).update(receives_new_reports=False)
        CaseWorkerKey.objects.filter(user=self.other_case_worker).update(receives_new_reports=True)
        theirs, _receipt = report_make(narrative="Another fictional account for the colleague.")
        assert ReportKey.objects.filter(report=theirs, user=self.case_worker).count() == 0

        client = self.unlocked_client_for(self.case_worker)
        page = client.get(reverse(INBOX)).content.decode()
        assert mine.public_id in page
        assert theirs.public_id not in page
        # The report page of someone else's report is "not found", whether it exists or not.
        assert client.get(_report_url(theirs)).status_code == 404
        assert (
            client.get(reverse("safety:console_report", kwargs={"public_id": "nope"})).status_code
            == 404
        )

        colleague = self.unlocked_client_for(self.other_case_worker)
        page = colleague.get(reverse(INBOX)).content.decode()
        assert theirs.public_id in page
        assert mine.public_id not in page

    def test_inbox_shows_structured_fields_never_the_account(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        assert response.status_code == 200
        body = response.content.decode()
        assert report.public_id in body
        assert "sexual assault" in body
        assert CANARY not in body

    def test_statuses_are_counted_and_filtered(self) -> None:
        first, _r = report_make()
        second, _r = report_make(narrative="A second fictional account.")
        Report.objects.filter(pk=second.pk).update(status="closed")
        client = self.unlocked_client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        tabs = {tab["value"]: tab["count"] for tab in response.context["tabs"]}
        assert tabs == {"new": 1, "in_progress": 0, "referred": 0, "closed": 1}
        closed = client.get(reverse(INBOX), {"status": "closed"}).content.decode()
        assert second.public_id in closed
        assert first.public_id not in closed
        # An unknown status shows everything rather than failing.
        everything = client.get(reverse(INBOX), {"status": "<script>"})
        assert everything.status_code == 200
        assert first.public_id in everything.content.decode()

    def test_unread_for_more_than_48_hours_is_flagged_until_opened(self) -> None:
        old, _r = report_make()
        fresh, _r = report_make(narrative="A fresh fictional account.")
        Report.objects.filter(pk=old.pk).update(
            received_on=timezone.localdate() - datetime.timedelta(days=3)
        )
        client = self.unlocked_client_for(self.case_worker)
        response = client.get(reverse(INBOX))
        flags = {row["report"].public_id: row["overdue"] for row in response.context["rows"]}
        assert flags == {old.public_id: True, fresh.public_id: False}
        assert "Unread for more than 48 hours" in response.content.decode()
        client.get(_report_url(old))  # reading it clears the flag
        response = client.get(reverse(INBOX))
        assert not any(row["overdue"] for row in response.context["rows"])
        assert "Unread for more than 48 hours" not in response.content.decode()


class UnassignedTests(ConsoleTestCase):
    def test_coordinators_see_unassigned_reports_counted_without_contents(self) -> None:
        report, _receipt = report_make()
        ReportKey.objects.filter(report=report).delete()  # as if no case worker had keys yet
        for persona in (self.case_worker, self.coordinator):
            client = self.verified_client_for(persona)
            response = client.get(reverse("safety:console_unassigned"))
            assert response.status_code == 200
            assert response.context["summary"].count == 1
            body = response.content.decode()
            assert report.public_id in body
            assert CANARY not in body
        # The coordinator reaches only this summary, never a report page or the inbox.
        coordinator = self.verified_client_for(self.coordinator)
        assert coordinator.get(reverse(INBOX)).status_code == 403

    def test_outsiders_get_nothing(self) -> None:
        for persona in (self.outsider, self.member, self.administrator):
            response = self.verified_client_for(persona).get(reverse("safety:console_unassigned"))
            assert response.status_code == 403
