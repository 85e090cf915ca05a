"""Base models shared by every app: the user, timestamps and the append-only audit log."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class User(AbstractUser):
    """A person who signs in: staff, coordinators, focal persons, case workers, coders.

    Survivors never have an account; members of the movement sign in without a password.
    """

    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The audit log is append-only: events cannot be updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only: events cannot be deleted")


class AuditEvent(models.Model):
    """One thing a person did to data that matters, recorded when it happened.

    It names who, what and which object, and never carries the sensitive payload itself:
    "case worker 7 read report 31", not what report 31 says.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as text too, so the log still reads well if an account is renamed.
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    objects: ClassVar[models.Manager[AuditEvent]] = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        who = self.actor_label or "-"
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The one guard that belongs in save(): an audit event, once written, never changes.
        if self.pk is not None and not self._state.adding:
            raise TypeError("The audit log is append-only: events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The audit log is append-only: events cannot be deleted")


class OutboxEmail(models.Model):
    """One email waiting to be sent (awaaz.core.outbox): the row is deleted once it is sent.

    Only staff notifications go through it, and their bodies carry no content by design; the
    outbox keeps nothing after delivery. It is shown to no one (no admin), so its field names
    are not translated.
    """

    recipient = models.EmailField(max_length=254)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["next_attempt_at", "id"]

    def __str__(self) -> str:
        # Never the address or the body: this may end up in a log or a traceback.
        return f"outbox email {self.pk} (attempts {self.attempts})"
