"""Which link and image urls an output may carry: the one url policy of every render path."""
from __future__ import annotations

import re

_SAFE_PROTOCOLS = re.compile(r"^(?:https?|ircs?|mailto|xmpp)$", re.IGNORECASE)


def safe_url(url: str) -> str:
    """The URL, or "" when its protocol could run code (react-markdown's defaultUrlTransform)."""
    colon = url.find(":")
    if colon == -1:
        return url
    # A colon after a slash, ? or # is part of a path, query or fragment, not a protocol.
    for mark in "/?#":
        index = url.find(mark)
        if index != -1 and index < colon:
            return url
    return url if _SAFE_PROTOCOLS.match(url[:colon]) else ""
