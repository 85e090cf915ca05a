"""The `awaaz` command: Django's management commands under the project's own name.

`awaaz setup` migrates and loads reference and demo data; `awaaz runserver`, `awaaz migrate` and
every other management command work as with manage.py.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaaz.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["awaaz", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
