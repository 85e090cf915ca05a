"""Turn the plain text of a body into paragraphs, lists and subheadings, escaping everything.

The format is deliberately tiny (blank line = new paragraph, "- " = list item, "## " = subheading)
so that coordinators can write it in a textarea and no markup from the database ever reaches a
page: every character they type is HTML-escaped, and the only tags are the ones written here.
"""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _render_block(lines: list[str], heading_level: int) -> str:
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append("<p>" + "<br>".join(escape(x) for x in paragraph) + "</p>")
            paragraph.clear()
        if items:
            parts.append("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in items) + "</ul>")
            items.clear()

    for line in lines:
        if line.startswith("## "):
            flush()
            tag = f"h{heading_level}"
            parts.append(f"<{tag}>{escape(line[3:].strip())}</{tag}>")
        elif line.startswith(("- ", "* ")):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(parts)


@register.filter(is_safe=False)
def paragraphs(value: object, heading_level: int = 2) -> SafeString:
    """Render body text as escaped HTML blocks; `heading_level` sets the tag for "## " lines."""
    text = str(value or "")
    level = min(max(int(heading_level), 2), 6)
    html = "\n".join(_render_block(block, level) for block in _blocks(text))
    # Safe because every piece of user text above went through escape().
    return mark_safe(html)  # noqa: S308
