r"""TeX to MathML for the preview, shaped like KaTeX's output so tools can read the TeX back.

Chromium draws MathML natively, so the preview needs no script. Each ``<math>`` element carries
its TeX source in ``<annotation encoding="application/x-tex">`` inside ``<semantics>``, as KaTeX
does, and sits in the same wrappers as the site's (``span.katex``, and ``span.katex-display``
for display math), so the preview's HTML has the site's structure. TeX that latex2mathml cannot
parse, or that uses commands it does not know (KaTeX rejects those too), is shown as its source
in red monospace, in a ``span.katex-error`` like rehype-katex's: a broken formula must be
visible, and must never raise.

The MathML is written here, not by latex2mathml: its own output un-escapes every text node, so
``\text{<img onerror=...>}`` would become live markup. Each element of its tree must be a MathML
element, keeps only presentation attributes, and its text is escaped (the numeric character
references latex2mathml writes for symbols are kept). Commands KaTeX runs only when trusted
(``\href``, ``\url``, ``\style``, ``\html...``, ``\includegraphics``) are shown as errors, as
KaTeX shows them by default.
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

# Imported with the module (not on the first formula) so a preview warms it up when it loads us.
from latex2mathml.converter import Converter
from xml.etree.ElementTree import Element

# latex2mathml keeps an unknown command as <mi>\name</mi>; KaTeX would fail on it.
_UNKNOWN_COMMAND = re.compile(r"<mi>\\[A-Za-z]+</mi>")
# KaTeX refuses a dollar inside math ("Can't use function '$' in math mode") unless escaped.
_BARE_DOLLAR = re.compile(r"(?<!\\)(?:\\\\)*\$")
# KaTeX's ``trust`` option guards these; it is off on the site.
_UNTRUSTED = re.compile(r"\\(?:href|url|style|html[A-Za-z]*|includegraphics)(?![A-Za-z])")
_MATHML_ELEMENTS = frozenset(
    "math semantics annotation mrow mi mn mo ms mtext mspace mfrac msqrt mroot mstyle merror mpadded "
    "mphantom mfenced menclose msub msup msubsup munder mover munderover mmultiscripts mprescripts none "
    "mtable mtr mlabeledtr mtd maligngroup malignmark".split())
_MATHML_ATTRIBUTES = frozenset(
    "display mathvariant mathcolor mathbackground mathsize stretchy fence separator separators lspace "
    "rspace accent accentunder movablelimits columnalign columnlines columnspacing rowspacing rowlines "
    "rowalign frame framespacing width height depth linethickness notation displaystyle scriptlevel "
    "minsize maxsize symmetric largeop form open close align equalrows equalcolumns columnwidth "
    "voffset numalign denomalign bevelled".split())
# Colours and lengths: letters, digits, '#', '.', '-', '%', spaces. No url(), no quotes.
_SAFE_VALUE = re.compile(r"^[\w#.%+\- ]*$")
# What may follow '&' in latex2mathml's text: a character reference it wrote itself.
_AMPERSAND = re.compile(r"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
_XMLNS = "http://www.w3.org/1998/Math/MathML"


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
    if _BARE_DOLLAR.search(tex) or _UNTRUSTED.search(tex):
        return error_html(tex, display)
    mode = "block" if display else "inline"
    try:
        tree = Converter(display=mode).convert_to_element(tex)
    except Exception:  # latex2mathml raises many exception types on bad input
        return error_html(tex, display)
    try:
        body = "".join(_serialize(child) for child in tree)
    except _Refused:
        return error_html(tex, display)
    if _UNKNOWN_COMMAND.search(body):
        return error_html(tex, display)
    annotation = f'<annotation encoding="application/x-tex">{escape(tex, quote=False)}</annotation>'
    return _wrap(f'<math xmlns="{_XMLNS}" display="{mode}"><semantics>{body}{annotation}</semantics></math>', display)


class _Refused(Exception):
    """latex2mathml made an element or attribute that is not MathML presentation markup."""


def _serialize(element: Element) -> str:
    """One element of latex2mathml's tree as MathML text: elements and attributes from the
    allow-lists, text escaped but for character references."""
    tag = element.tag
    if not isinstance(tag, str) or tag not in _MATHML_ELEMENTS:
        raise _Refused(str(tag))
    attributes = "".join(
        f' {name}="{_text(value)}"' for name, value in element.attrib.items()
        if name in _MATHML_ATTRIBUTES and _SAFE_VALUE.match(value)
    )
    inner = _text(element.text or "") + "".join(_serialize(child) + _text(child.tail or "") for child in element)
    return f"<{tag}{attributes}>{inner}</{tag}>" if inner or tag not in ("mspace", "none", "mprescripts") \
        else f"<{tag}{attributes} />"


def _text(text: str) -> str:
    return _AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


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
