"""The related picker's preview of a candidate article, as HTML a QTextBrowser shows well.

QTextBrowser knows neither MathML nor CSS layout: the site's math (MathML with its TeX kept as an
annotation) came out as both texts run together ("Ek=12mv2E_k = \\frac{1}{2}mv^2"), and the
page's date and subject, laid out side by side by CSS, as one word ("Feb 04, 2025Physics"). So
the preview is composed here: title, "Physics · Posted on Feb 04, 2025", the question, and the
answer as the site renders it with each formula shown once, as its TeX between dollars.
"""
from __future__ import annotations

import re
from html import escape
from typing import Any

from editor.render.answer import render_answer
from editor.render.page import front_matter, posted_on

# The renderer's math: <math ... display="inline|block"> ... <annotation encoding="application/x-tex">TEX</annotation> ... </math>
_MATH = re.compile(
    r'<math\b[^>]*?\bdisplay="(?P<display>inline|block)"[^>]*>.*?'
    r'<annotation encoding="application/x-tex">(?P<tex>.*?)</annotation>.*?</math>',
    re.DOTALL,
)
_STYLE = "code.tex { color: #5b2a86; }"


def plain_math(html: str) -> str:
    """Each formula of the rendered answer as its TeX (already escaped in the annotation)."""
    def tex(match: re.Match[str]) -> str:
        fence = "$$" if match.group("display") == "block" else "$"
        return f'<code class="tex">{fence}{match.group("tex")}{fence}</code>'

    return _MATH.sub(tex, html)


def preview_html(article: Any) -> str:
    """The candidate as the writer needs to judge it: what it is about, and its answer."""
    values = front_matter(article)
    title = " ".join(str(values.get("title") or "").split())
    subject = " ".join(str(values.get("subject") or "").split())
    meta = " · ".join(part for part in (subject, posted_on(values)) if part)
    question = " ".join(str(values.get("question") or "").split())
    parts = [f"<style>{_STYLE}</style>", f"<h2>{escape(title)}</h2>"]
    if meta:
        parts.append(f'<p style="color:#666">{escape(meta)}</p>')
    if question and question != title:
        parts.append(f"<p><i>{escape(question)}</i></p>")
    parts.append(plain_math(render_answer(values.get("answer") or "")))
    return "\n".join(parts)
