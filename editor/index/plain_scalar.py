"""How YAML 1.1 resolves a one-line scalar, decided without a parser for the shapes files use.

``plain`` gives the value a safe libyaml load would give a one-line plain scalar (or a quoted one
without escapes), or raises ``Uncertain`` when it cannot be sure: the index's fast paths
(``editor.scan`` and ``editor.canonical``) then leave the file to a full parse.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"

_SIMPLE_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_SIMPLE_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+\Z")
_SIMPLE_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
# Characters a plain scalar may not start with (YAML indicators); "-" is handled on its own.
INDICATORS = frozenset("?:,[]{}#&*!|>'\"%@`")
# Caches of checked keys and values are bounded so odd folders cannot grow them.
CACHE_LIMIT = 4096


class Uncertain(Exception):
    """The fast path cannot read this line with certainty."""


# What the fast paths catch to leave a file to the full parse: Uncertain, and the ValueError of a
# value Python will not convert (``int()`` of 5,000 digits), which the full parse then reports
# on its line. Catching costs nothing until one is raised.
UNCERTAIN = (Uncertain, ValueError)


def plain(value: str) -> Any:
    """The value of a one-line scalar, resolved like YAML 1.1 does, or Uncertain.

    Plain scalars, and quoted ones without escapes or inner quotes (``"76278"`` is a string).
    """
    first = value[0]
    if (first == '"' or first == "'") and len(value) > 1 and value[-1] == first:
        inner = value[1:-1]
        if first in inner or "\\" in inner and first == '"':
            raise Uncertain
        return inner
    if first in INDICATORS or "\t" in value or ": " in value or " #" in value or value[-1] == ":":
        raise Uncertain
    if first == "-" and (len(value) == 1 or value[1] == " "):
        raise Uncertain
    resolvers = RESOLVERS.get(first)
    if not resolvers:
        return value
    # The shapes real files use, decided without YAML's slower regular expressions.
    if value.isdigit() and value.isascii():  # "1²" is a digit string to str.isdigit, not to int()
        if first != "0" or value == "0":
            return int(value)
        raise Uncertain  # octal
    if _SIMPLE_FLOAT.match(value):
        return float(value)
    match = _SIMPLE_DATE.match(value)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return value
    tag = next((t for t, regexp in resolvers if regexp.match(value)), None)
    if tag is None:
        return value
    if tag == _INT and _SIMPLE_INT.match(value):
        return int(value)
    if tag == _BOOL:
        return SafeConstructor.bool_values[value.lower()]
    if tag == _NULL and value in ("~", "null", "Null", "NULL"):
        return None
    raise Uncertain
