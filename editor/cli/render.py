"""``article-editor render FILE [--view answer|page|search] [-o OUT.html]``: the preview's HTML.

A file inside a site checkout (a folder above it holds a CMS config or ``.article-editor/``;
``--project`` names the root instead) is rendered by the site's page rules: the page's
``<head>`` carries the published ``<title>``, description, robots and canonical link, a blog
post's page and answer view show its markdown body as the site renders it, and the search view
cuts at pixel widths. A file of a plain content folder gets the plain views.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from editor.render.views import FLAVOURS, VIEWS


def register(subparsers: Any) -> None:
    render = subparsers.add_parser("render", help="write an article's preview HTML", description=(
        "Render an article the way the site does and write a standalone HTML file (CSS inline, no "
        "script). --view answer gives the answer alone, page the whole published page, search the "
        "search-result snippet. Without -o the HTML goes to stdout."))
    render.add_argument("file")
    render.add_argument("--view", choices=VIEWS, default="answer")
    render.add_argument("-o", "--output", metavar="OUT.html", help="file to write (default: stdout)")
    render.add_argument("--flavour", choices=FLAVOURS, default="site",
                        help="markdown flavour of the site (default: site = react-markdown + remark)")
    render.add_argument("--fragment", action="store_true",
                        help="write only the view's HTML fragment, without the document and CSS")
    render.add_argument("--project", metavar="FOLDER",
                        help="the site or project root: its page rules apply and the article's image urls "
                             "resolve in it (default: the nearest folder above holding a CMS config or "
                             ".article-editor/, else the article's folder)")
    render.add_argument("--remote-images", action="store_true",
                        help="keep remote (http, https) images; by default an export loads nothing remote")
    render.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    from editor.article.article import Article
    from editor.article.atomic import write_atomic
    from editor.render.images import ImageRoots
    from editor.render.page import standalone_html, view_body

    from editor.site.locate import open_publishing, publishing_for

    article = Article.load(args.file)
    path = Path(args.file)
    publishing = open_publishing(args.project) if args.project else publishing_for(path)
    site = publishing.site_page(path, article.data) if publishing is not None else None
    if args.fragment:
        html = view_body(article, args.view, args.flavour, site)
    else:
        if site is not None and site.images is not None:
            roots = site.images
        else:
            roots = ImageRoots.for_article(path, Path(args.project) if args.project else None)
        html = standalone_html(article, args.view, args.flavour, roots, args.remote_images, site)
    if args.output:
        write_atomic(args.output, html.encode("utf-8"))
    else:
        sys.stdout.write(html)
    return 0
