"""The movement's admin, one module per area; importing them registers the model admins."""

from awaaz.movement.admin import chapters, members, pledges  # noqa: F401
