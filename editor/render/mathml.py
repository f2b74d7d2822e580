"""TeX to MathML for the preview, shaped like KaTeX's output so tools can read the TeX back.

Chromium draws MathML natively, so the preview needs no script. Each ``<math>`` element carries
its TeX source in ``<annotation encoding="application/x-tex">`` inside ``<semantics>``, as KaTeX
does, and sits in the same wrappers as the site's (``span.katex``, and ``span.katex-display``
for display math), so the preview's HTML has the site's structure. TeX that latex2mathml cannot
parse, or that uses commands it does not know (KaTeX rejects those too), is shown as its source
in red monospace, in a ``span.katex-error`` like rehype-katex's: a broken formula must be
visible, and must never raise.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

# Imported with the module (not on the first formula) so a preview warms it up when it loads us.
from latex2mathml.converter import convert

# latex2mathml keeps an unknown command as <mi>\name</mi>; KaTeX would fail on it.
_UNKNOWN_COMMAND = re.compile(r"<mi>\\[A-Za-z]+</mi>")
# KaTeX refuses a dollar inside math ("Can't use function '$' in math mode") unless escaped.
_BARE_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")
_MATH_OPEN = re.compile(r"^<math[^>]*>")


def tex_to_html(tex: str, display: bool = False) -> str:
    """The HTML for one formula: a ``<math>`` element, or red code when the TeX is bad."""
    return _convert(tex, display)


# Answers repeat formulas and the preview re-renders on every pause in typing: cache by source.
@lru_cache(maxsize=4096)
def _convert(tex: str, display: bool) -> str:
    if not tex.strip():
        # KaTeX draws an empty formula as an empty math element, not as an error.
        mode = "block" if display else "inline"
        return _wrap(f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}"><semantics><mrow></mrow>'
                     '<annotation encoding="application/x-tex"></annotation></semantics></math>', display)
    if _BARE_DOLLAR.search(tex):
        return error_html(tex, display)
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many exception types on bad input
        return error_html(tex, display)
    if _UNKNOWN_COMMAND.search(mathml):
        return error_html(tex, display)
    match = _MATH_OPEN.match(mathml)
    if not match:
        return error_html(tex, display)
    head = match.group()
    body = mathml[len(head):-len("</math>")]
    annotation = f'<annotation encoding="application/x-tex">{escape(tex, quote=False)}</annotation>'
    return _wrap(f"{head}<semantics>{body}{annotation}</semantics></math>", display)


def _wrap(math: str, display: bool) -> str:
    inline = f'<span class="katex">{math}</span>'
    return f'<span class="katex-display">{inline}</span>' if display else inline


def clear_math_cache() -> None:
    """Forget converted formulas."""
    _convert.cache_clear()


def error_html(tex: str, display: bool) -> str:
    """Bad TeX: the source in red monospace, in rehype-katex's ``katex-error`` span."""
    return (
        '<span class="katex-error" title="This TeX cannot be drawn (KaTeX would fail too)" '
        f'style="color:#cc0000;font-family:monospace;white-space:pre-wrap">{escape(tex, quote=False)}</span>'
    )
