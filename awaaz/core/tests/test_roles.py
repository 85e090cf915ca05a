"""Role groups carry the permissions their menus need, and nothing beyond them."""

from __future__ import annotations

from django.contrib.auth.models import Group

from awaaz.core import roles
from awaaz.core.testing import PersonasTestCase


class RoleTests(PersonasTestCase):
    def test_the_coordinator_can_edit_content_after_setup(self) -> None:
        roles.roles_sync()
        self.coordinator.refresh_from_db()
        assert self.coordinator.has_perm("content.change_lawentry")
        assert self.coordinator.has_perm("content.add_myth")
        assert self.coordinator.has_perm("movement.change_chapter")

    def test_an_administrator_configures_but_cannot_edit_content(self) -> None:
        roles.roles_sync()
        self.administrator.refresh_from_db()
        assert self.administrator.has_perm("core.change_user")
        assert self.administrator.has_perm("places.change_district")
        assert not self.administrator.has_perm("content.change_lawentry")
        assert not self.administrator.has_perm("movement.view_member")

    def test_members_and_outsiders_get_nothing(self) -> None:
        roles.roles_sync()
        for persona in (self.member, self.outsider):
            persona.refresh_from_db()
            assert persona.get_all_permissions() == set()

    def test_sync_is_idempotent_and_keeps_extra_grants(self) -> None:
        first = roles.roles_sync()
        group = Group.objects.get(name=roles.CODER)
        extra = group.permissions.model.objects.get(codename="view_province")
        group.permissions.add(extra)
        assert roles.roles_sync() == first
        assert group.permissions.filter(codename="view_province").exists()
