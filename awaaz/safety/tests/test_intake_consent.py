"""The statistics consent says plainly what deleting a report does not undo, in both languages.

A report counted in the statistics (with consent) becomes an anonymous incident with no link
back (test_feed_statistics.py); so deleting the report cannot remove that count. The consent,
the first page and both deletion pages say so before anyone relies on the opposite.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from awaaz.safety import services
from awaaz.safety.models import Report
from awaaz.safety.tests.test_console_base import ConsoleTestCase, report_make
from awaaz.safety.tests.test_intake_report import IntakeTestCase, token_in, url

STAYS = {
    "en": "once it is made it stays, even if you delete your report later",
    "ur": "ایک بار گنتی ہو جائے تو رپورٹ مٹانے کے بعد بھی باقی رہتی ہے",
}
COUNTED_STAYS = {
    "en": "That count stays after the deletion",
    "ur": "یہ گنتی مٹانے کے بعد بھی باقی رہے گی",
}
START_STAYS = {
    "en": "cannot be traced back to your report, so it stays if you delete your report",
    "ur": "اس لیے رپورٹ مٹانے کے بعد بھی باقی رہتی ہے",
}
NOT_YET = {"en": "It has not been made yet, and after the deletion it never will be."}


class ConsentWordingTests(IntakeTestCase):
    def test_the_consent_and_the_first_page_say_a_count_stays(self) -> None:
        for language in ("en", "ur"):
            form = Client().get(url("safety:intake_report", language)).content.decode()
            assert STAYS[language] in form
            assert 'aria-describedby="id_consent_statistics_helptext"' in form
            start = Client().get(url("safety:intake_start", language)).content.decode()
            assert START_STAYS[language] in start

    def _ask_to_delete(self, client: Client, language: str, **overrides: object) -> str:
        receipt = self.file_report(client, language, **overrides)
        thread = self.open_report(client, receipt, language).content.decode()
        return client.post(
            url("safety:intake_delete", language), {"token": token_in(thread)}
        ).content.decode()

    def test_deleting_a_counted_report_says_the_anonymous_count_stays(self) -> None:
        for language in ("en", "ur"):
            client = Client()
            receipt = self.file_report(client, language, consent_statistics="on")
            report = Report.objects.latest("id")
            assert services.report_statistics_feed(report=report)
            thread = self.open_report(client, receipt, language).content.decode()
            ask = client.post(url("safety:intake_delete", language), {"token": token_in(thread)})
            assert COUNTED_STAYS[language] in ask.content.decode()

    def test_deleting_before_the_count_says_it_will_never_be_made(self) -> None:
        page = self._ask_to_delete(Client(), "en", consent_statistics="on")
        assert NOT_YET["en"] in page
        assert COUNTED_STAYS["en"] not in page

    def test_without_consent_nothing_is_said_about_statistics(self) -> None:
        page = self._ask_to_delete(Client(), "en")
        assert "statistics" not in page


class ConsoleDeletionWordingTests(ConsoleTestCase):
    def test_the_case_worker_is_told_the_count_stays(self) -> None:
        report, _receipt = report_make()
        client = self.unlocked_client_for(self.case_worker)
        delete_url = reverse("safety:console_delete", kwargs={"public_id": report.public_id})
        assert "anonymous count stays" not in client.get(delete_url).content.decode()
        Report.objects.filter(pk=report.pk).update(counted_in_statistics=True)
        assert "anonymous count stays" in client.get(delete_url).content.decode()
