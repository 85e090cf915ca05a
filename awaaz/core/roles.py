"""The staff roles, as Django groups with their model permissions.

Row-level limits (a focal person sees his own chapter, a case worker her assigned reports) are
enforced by each app's selectors; the groups below only say which kinds of object a role may
touch at all, so that the Django admin shows each role the right menus. `awaaz setup` keeps the
groups in step with this table; an administrator may add permissions, which are left alone.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

COUNTRY_COORDINATOR = "country coordinator"
PROVINCIAL_COORDINATOR = "provincial coordinator"
FOCAL_PERSON = "focal person"
CASE_WORKER = "case worker"
CODER = "coder"
ADMINISTRATOR = "administrator"

_ALL = ("add", "change", "delete", "view")

# group -> {app_label: {model: actions}}; a model or app missing from the database (not yet
# built) is skipped, so the table can name what later issues will add.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    COUNTRY_COORDINATOR: {
        "content": dict.fromkeys(("page", "lawentry", "amendment", "myth", "source"), _ALL),
        "places": {"province": ("view",), "district": ("view", "change"), "place": _ALL},
        "movement": {
            "chapter": _ALL,
            "chapterrole": _ALL,
            "provincerole": _ALL,
            "joinrequest": ("view", "change"),
            "pledgetext": ("view", "add"),
            "member": ("view",),
        },
        # Coordinators keep the help directory current; report contents are never in the admin.
        "safety": {"service": _ALL},
        "evidence": {
            "incident": ("view",),
            "officialfigure": ("view", "add", "change"),
            "newssource": _ALL,
            "article": ("view",),
        },
    },
    PROVINCIAL_COORDINATOR: {
        "movement": {
            "chapter": ("view", "change", "add"),
            "chapterrole": _ALL,
            "joinrequest": ("view", "change"),
        },
    },
    FOCAL_PERSON: {
        "movement": {"chapter": ("view", "change"), "joinrequest": ("view", "change")},
    },
    CASE_WORKER: {},
    CODER: {
        "places": {"district": ("view",), "place": ("view",)},
        "evidence": {
            "incident": ("view", "change"),
            "victim": ("view", "change"),
            "perpetrator": ("view", "change"),
            "officialfigure": ("view",),
            "article": ("view",),
            "newssource": ("view",),
        },
    },
    # Configuration only: administrators manage accounts and reference data, never contents.
    ADMINISTRATOR: {
        "core": {"user": _ALL},
        "auth": {"group": ("view",)},
        "places": {"province": _ALL, "district": _ALL, "place": _ALL},
        "safety": {"service": _ALL},
    },
}


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and grant the permissions in the table; return grants per group."""
    granted: dict[str, int] = {}
    for group_name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        wanted = [
            f"{action}_{model}"
            for models in apps.values()
            for model, actions in models.items()
            for action in actions
        ]
        permissions = Permission.objects.filter(
            content_type__app_label__in=list(apps), codename__in=wanted
        ).select_related("content_type")
        allowed = {
            (p.content_type.app_label, p.codename)
            for p in permissions
            if p.codename.split("_", 1)[1] in apps.get(p.content_type.app_label, {})
        }
        chosen = [p for p in permissions if (p.content_type.app_label, p.codename) in allowed]
        group.permissions.add(*chosen)
        granted[group_name] = len(chosen)
    return granted
