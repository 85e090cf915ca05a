"""The audit log keeps who did what, and can never be edited or emptied."""

from __future__ import annotations

import pytest

from awaaz.core.models import AuditEvent
from awaaz.core.services import audit_record
from awaaz.core.testing import PersonasTestCase


class AuditLogTests(PersonasTestCase):
    def test_an_event_names_actor_action_and_object(self) -> None:
        event = audit_record(actor=self.case_worker, action="report.read", obj=self.member)
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.actor == self.case_worker
        assert stored.actor_label == "case_worker"
        assert stored.action == "report.read"
        assert stored.object_type == "core.user"
        assert stored.object_id == str(self.member.pk)

    def test_events_cannot_be_changed_or_deleted(self) -> None:
        event = audit_record(actor=self.coordinator, action="members.export")
        event.action = "nothing happened"
        with pytest.raises(TypeError):
            event.save()
        with pytest.raises(TypeError):
            event.delete()
        with pytest.raises(TypeError):
            AuditEvent.objects.all().delete()
        with pytest.raises(TypeError):
            AuditEvent.objects.update(action="rewritten")
        assert AuditEvent.objects.get(pk=event.pk).action == "members.export"

    def test_sensitive_payload_is_refused(self) -> None:
        for key in ("narrative", "ip", "email", "Phone"):
            with pytest.raises(ValueError, match="may not carry"):
                audit_record(actor=self.case_worker, action="report.read", detail={key: "x"})
        assert not AuditEvent.objects.filter(action="report.read").exists()

    def test_small_facts_are_kept(self) -> None:
        event = audit_record(actor=self.coordinator, action="members.export", detail={"rows": 12})
        assert AuditEvent.objects.get(pk=event.pk).detail == {"rows": 12}

    def test_a_system_action_has_no_actor(self) -> None:
        event = audit_record(actor=None, action="reports.retention_purge", detail={"deleted": 3})
        assert event.actor is None
        assert event.actor_label == ""
