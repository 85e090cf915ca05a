from __future__ import annotations

from awaaz.content.templatetags.content_text import paragraphs


def test_blank_lines_make_paragraphs_and_dashes_make_lists() -> None:
    html = paragraphs("## Heading\nOne line\nsame paragraph\n\n- first\n- second\n\nLast.")
    assert html == (
        "<h2>Heading</h2>\n<p>One line<br>same paragraph</p>\n"
        "<ul><li>first</li><li>second</li></ul>\n<p>Last.</p>"
    )


def test_heading_level_is_clamped() -> None:
    assert paragraphs("## Title", 3) == "<h3>Title</h3>"
    assert paragraphs("## Title", 1) == "<h2>Title</h2>"


def test_everything_typed_is_escaped() -> None:
    html = paragraphs('<b onclick="x">&</b>\n- <i>')
    assert "<b" not in html
    assert "<i>" not in html
    assert "&lt;b onclick=&quot;x&quot;&gt;&amp;&lt;/b&gt;" in html


def test_empty_text() -> None:
    assert paragraphs("") == ""
    assert paragraphs(None) == ""
