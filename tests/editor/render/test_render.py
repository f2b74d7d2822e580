"""render_answer: the site's markdown rules, its safety, its math, and the second flavour."""
from __future__ import annotations

import re

import pytest

from editor.render.html_shape import shape
from editor.render.mathml import tex_to_html
from editor.render.answer import parse_answer, render_answer, site_parser
from editor.render.html_policy import safe_url


def annotations(html: str) -> list[str]:
    return re.findall(r'<annotation encoding="application/x-tex">(.*?)</annotation>', html, re.S)


def test_the_article_style_answer_renders_a_loose_numbered_list_with_bold_leads():
    html = render_answer("Intro.\n\n1. **Trust**: builds rapport.\n\n2. **Safety**: allows risk.\n\nIn summary, both.")
    assert shape(html) == shape(
        "<p>Intro.</p><ol><li><p><strong>Trust</strong>: builds rapport.</p></li>"
        "<li><p><strong>Safety</strong>: allows risk.</p></li></ol><p>In summary, both.</p>"
    )


def test_sub_bullets_at_three_spaces_nest_under_a_numbered_item_but_two_spaces_do_not():
    nested = render_answer("1. Lead\n   - sub")
    flat = render_answer("1. Lead\n  - sub")
    assert "<ol>\n<li>Lead\n<ul>" in nested
    assert re.search(r"</ol>\s*<ul>", flat)


def test_raw_html_is_shown_as_text_and_never_live():
    html = render_answer("<script>alert(1)</script>\n\nText <img src=x onerror=alert(1)> and <b>b</b>")
    assert "<script" not in html and "<img src=x" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;b&lt;/b&gt;" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:x", "data:text/html,hi"])
def test_links_with_a_dangerous_protocol_keep_their_text_but_lose_the_url(url):
    html = render_answer(f"[click]({url})")
    assert '<a href="">click</a>' in html
    assert "alert" not in html


def test_safe_links_and_images_are_kept_and_images_stay_img_elements():
    html = render_answer("[doc](https://example.com/a) ![chart](https://example.com/c.png) [rel](../x)")
    assert '<a href="https://example.com/a">doc</a>' in html
    assert '<img src="https://example.com/c.png" alt="chart"' in html
    assert '<a href="../x">rel</a>' in html


def test_safe_url_allows_web_and_mail_protocols_and_paths_with_colons():
    assert safe_url("mailto:a@example.com") == "mailto:a@example.com"
    assert safe_url("/path/with:colon") == "/path/with:colon"
    assert safe_url("file:///etc/passwd") == ""


def test_inline_math_becomes_mathml_that_keeps_its_tex():
    html = render_answer("Area $\\pi r^2$ here.")
    assert "<math" in html and 'display="inline"' in html
    assert annotations(html) == ["\\pi r^2"]


def test_display_math_right_after_a_paragraph_line_opens_a_block():
    html = render_answer("The formula\n$$\nE = mc^2\n$$\nafter")
    assert html.startswith("<p>The formula</p>")
    assert 'display="block"' in html
    assert annotations(html) == ["E = mc^2"]
    assert "<p>after</p>" in html


def test_a_pair_of_dollars_is_math_even_when_they_are_prices():
    html = render_answer("Apples are $7.25 each = $26.83 total.")
    assert annotations(html) == ["7.25 each = "]
    assert html.endswith("26.83 total.</p>\n")


def test_an_escaped_dollar_is_text():
    assert "<math" not in render_answer("Costs \\$5 and \\$6.")


def test_bad_tex_renders_as_red_code_and_does_not_raise():
    html = render_answer("Broken $\\frac{1}{$ and unknown $\\notacommand x$.")
    assert html.count('class="katex-error"') == 2
    assert "color:#cc0000" in html
    assert "\\frac{1}{" in html


def test_a_dollar_inside_display_math_is_an_error_as_in_katex():
    assert "katex-error" in tex_to_html("a $ b", display=True)
    assert "katex-error" not in tex_to_html("a \\$ b", display=True)


def test_single_and_double_tildes_strike_through_like_remark_gfm():
    assert render_answer("~one~ and ~~two~~") == "<p><del>one</del> and <del>two</del></p>\n"
    assert "<del>" not in render_answer("about ~5 to ~10")


def test_gfm_tables_render_with_head_and_body():
    html = render_answer("| a | b |\n|---|:-:|\n| 1 | 2 |")
    assert shape(html) == shape("<table><thead><tr><th>a</th><th>b</th></tr></thead>"
                                "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>")


def test_task_list_items_get_a_disabled_checkbox():
    html = render_answer("- [ ] open\n- [x] done")
    assert html.count('type="checkbox" disabled=""') == 2
    assert html.count('checked=""') == 1


def test_bare_urls_www_and_emails_become_links_with_trailing_punctuation_left_out():
    html = render_answer("See https://example.com/a. Or www.example.org, or me@example.com!")
    assert '<a href="https://example.com/a">https://example.com/a</a>.' in html
    assert '<a href="http://www.example.org">www.example.org</a>,' in html
    assert '<a href="mailto:me@example.com">me@example.com</a>!' in html


def test_footnotes_render_as_a_numbered_section_like_the_site():
    html = render_answer("Claim[^1].\n\n[^1]: Source.")
    assert '<sup><a href="#user-content-fn-1"' in html
    assert '<section data-footnotes="true" class="footnotes">' in html


def test_code_fences_keep_their_text_verbatim_and_unclosed_ones_run_to_the_end():
    html = render_answer("```python\nx = '$5' * 2\n```")
    assert '<pre><code class="language-python">x = \'$5\' * 2\n</code></pre>' in html.replace("&#x27;", "'")
    assert render_answer("```\nopen").endswith("<pre><code>open\n</code></pre>\n")


def test_the_parser_is_built_once_and_reused():
    assert site_parser() is site_parser()


def test_block_tokens_carry_source_line_maps_for_scroll_sync():
    tokens = parse_answer("Intro\n\n- a\n- b\n\n$$\nx\n$$")
    maps: dict[str, list] = {}
    for token in tokens:
        if token.map and token.nesting >= 0:
            maps.setdefault(token.type, token.map)
    assert maps["paragraph_open"] == [0, 1]
    assert maps["bullet_list_open"][0] == 2
    assert maps["math_block"] == [5, 8]


def test_python_markdown_flavour_renders_markdown_and_escapes_raw_html():
    html = render_answer("# Title\n\n- a\n- b\n\n<script>alert(1)</script> [x](javascript:alert(1))", "python-markdown")
    assert "<h1>Title</h1>" in html and "<li>a</li>" in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert '<a href="">x</a>' in html


def test_an_unknown_flavour_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown render flavour 'commonmark'"):
        render_answer("x", "commonmark")
