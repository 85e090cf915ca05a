"""Releases in the back office: visible to staff with a second factor, never editable."""

from __future__ import annotations

from awaaz.core.testing import PersonasTestCase
from awaaz.stats.releases import release_compute


class ReleaseAdminTests(PersonasTestCase):
    def test_a_release_can_be_read_but_not_added_changed_or_deleted(self) -> None:
        release = release_compute(actor=None)
        self.administrator.is_superuser = True
        self.administrator.save()
        client = self.verified_client_for(self.administrator)
        listing = client.get("/en/admin/stats/release/")
        assert listing.status_code == 200
        detail = client.get(f"/en/admin/stats/release/{release.pk}/change/")
        assert detail.status_code == 200
        assert release.checksum in detail.content.decode()
        assert client.get("/en/admin/stats/release/add/").status_code == 403
        assert client.post(f"/en/admin/stats/release/{release.pk}/delete/").status_code == 403

    def test_the_outsider_is_sent_away(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.get("/en/admin/stats/release/")
        assert response.status_code == 302
