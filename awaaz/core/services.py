"""Writes owned by core: the audit log."""

from __future__ import annotations

from typing import Any

from django.db import models

from awaaz.core.models import AuditEvent, User

# Keys that must never reach the audit log, whatever a caller passes in `detail`.
_FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "narrative",
        "text",
        "body",
        "message",
        "password",
        "receipt",
        "ip",
        "user_agent",
        "phone",
        "email",
    }
)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the audit log.

    `detail` is for small, non-sensitive facts (a count, a status, a field name); the service
    refuses keys that would carry content or identify a person, so a careless caller fails in
    tests rather than leaking into the log.
    """
    detail = dict(detail or {})
    leaked = _FORBIDDEN_DETAIL_KEYS.intersection(k.lower() for k in detail)
    if leaked:
        raise ValueError(f"audit detail may not carry {sorted(leaked)}")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        detail=detail,
    )
