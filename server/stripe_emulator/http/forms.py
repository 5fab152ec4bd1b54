"""Stripe's form encoding: `a[b][0][c]=v`, `a[]=x`, `expand[0]=y`; an empty value means unset.

Decoding is kept free of schema knowledge: `a[0]=x` stays a mapping with key "0" (a metadata
key may well be "0"); the list fields of the param schemas turn index-keyed mappings into
lists, and refuse them where a hash is expected.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from .. import messages as M
from ..brackets import FormError, bracket, split_key


def _conflict(parts: list[str], depth: int) -> FormError:
    name = bracket(parts[: depth + 1])
    return FormError(M.PARAM_CONFLICT.format(param=name), param=name)


def _child(container: Any, part: str, want: type, parts: list[str], depth: int) -> Any:
    """The container at `part` inside `container`, created as `want` when absent."""
    if isinstance(container, list):
        # `a[][b]=1&a[][c]=2` builds one element until a key repeats (Rack's rule).
        nxt = parts[depth + 1] if depth + 1 < len(parts) else None
        if container and isinstance(container[-1], dict) and nxt not in container[-1]:
            return container[-1]
        node = want()
        container.append(node)
        return node
    node = container.get(part)
    if node is None:
        node = container[part] = want()
    elif not isinstance(node, want):
        raise _conflict(parts, depth)
    return node


def _place(root: dict[str, Any], key: str, value: str) -> None:
    """Put one decoded (key, value) pair into the nest of dicts and lists."""
    if "[" not in key:
        if isinstance(root.get(key), (dict, list)):
            raise _conflict([key], 0)
        root[key] = value
        return
    parts = split_key(key)
    node: Any = root
    last = len(parts) - 1
    for depth in range(last):
        want = list if parts[depth + 1] == "" else dict
        if isinstance(node, list) and parts[depth] != "":
            raise _conflict(parts, depth - 1)
        node = _child(node, parts[depth], want, parts, depth)
    leaf = parts[last]
    if isinstance(node, list):
        node.append(value)
    else:
        if isinstance(node.get(leaf), (dict, list)):
            raise _conflict(parts, last)
        node[leaf] = value


def assemble(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Nest decoded (key, value) pairs into dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        _place(root, key, value)
    return root


MAX_FIELDS = 10_000
_ASCII_ESCAPES = {f"{i:02x}": chr(i) for i in range(128)} | {f"{i:02X}": chr(i) for i in range(128)}


def unquote_form(text: str) -> str:
    """Percent- and plus-decoding, as `unquote_plus` does; ASCII escapes (`%40`, `%5B`) are
    looked up in a table, which is three times faster on the create path."""
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    parts = text.split("%")
    out = [parts[0]]
    for part in parts[1:]:
        char = _ASCII_ESCAPES.get(part[:2])
        if char is None:  # a multi-byte UTF-8 sequence or a stray %: the general decoder
            return unquote_plus(text)
        out.append(char)
        out.append(part[2:])
    return "".join(out)


def _unquote_key(key: str) -> str:
    if "%" in key:
        # Brackets are the escapes keys carry (`metadata%5Bk%5D`): replaced as text first,
        # the general decoder only for what else is left.
        key = key.replace("%5B", "[").replace("%5D", "]")
        if "%" in key or "+" in key:
            key = unquote_form(key)
    elif "+" in key:
        key = key.replace("+", " ")
    return key


def parse_pairs(raw: str) -> list[tuple[str, str]]:
    """`a=1&b%5Bc%5D=x+y` -> [("a", "1"), ("b[c]", "x y")], blank values kept.

    The same result as `parse_qsl(raw, keep_blank_values=True)`, at a third of its cost: most
    keys and values need no unquoting at all.
    """
    pairs = []
    for chunk in raw.split("&"):
        if not chunk:
            continue
        key, _, value = chunk.partition("=")
        key = _unquote_key(key)
        if "%" in value:
            value = unquote_form(value)
        elif "+" in value:  # spaces alone (a name): no call for that
            value = value.replace("+", " ")
        pairs.append((key, value))
    if len(pairs) > MAX_FIELDS:
        raise FormError(M.TOO_MANY_PARAMS.format(maximum=MAX_FIELDS))
    return pairs


PLAIN, NAMED, NESTED = 0, 1, 2  # `name`, `name[sub]`, anything deeper
_KEYS: dict[str, tuple[int, str, str, str]] = {}  # raw key -> (kind, key, name, sub)
_KEYS_KEPT, _KEY_LENGTH_KEPT = 10_000, 100  # (bounded: keys are the client's to choose)


def _key(raw: str) -> tuple[int, str, str, str]:
    """A raw key decoded and sorted: clients send the same few keys over and over, so each
    is worked out once."""
    key = _unquote_key(raw)
    if "[" not in key:
        kind, name, sub = PLAIN, key, ""
    else:
        i = key.find("[")
        if i > 0 and key.find("]") == len(key) - 1 and key.find("[", i + 1) < 0 \
                and i + 2 < len(key):
            kind, name, sub = NAMED, key[:i], key[i + 1:-1]
        else:
            kind, name, sub = NESTED, "", ""
    info = (kind, key, name, sub)
    if len(raw) <= _KEY_LENGTH_KEPT:
        if len(_KEYS) >= _KEYS_KEPT:  # full (of a fuzzer's keys, say): start over
            _KEYS.clear()
        _KEYS[raw] = info
    return info


def decode_form(raw: str) -> dict[str, Any]:
    """Decode a query string or an x-www-form-urlencoded body into nested params.

    `assemble(parse_pairs(raw))` in one pass: the keys nearly every request sends, `name` and
    `name[sub]`, are placed here; any other goes through `_place`."""
    if not raw:
        return {}
    chunks = raw.split("&")
    if len(chunks) > MAX_FIELDS:
        return assemble(parse_pairs(raw))  # (which counts the pairs and refuses)
    root: dict[str, Any] = {}
    known = _KEYS.get
    for chunk in chunks:
        if not chunk:
            continue
        raw_key, _, value = chunk.partition("=")
        kind, key, name, sub = known(raw_key) or _key(raw_key)
        if "%" in value:
            value = unquote_form(value)
        elif "+" in value:
            value = value.replace("+", " ")
        if kind == PLAIN:
            if key in root and isinstance(root[key], (dict, list)):
                raise _conflict([key], 0)
            root[key] = value
            continue
        if kind == NAMED:
            node = root.get(name)
            if node is None:
                root[name] = {sub: value}
                continue
            if type(node) is dict and not isinstance(node.get(sub), (dict, list)):
                node[sub] = value
                continue
        _place(root, key, value)  # (and any conflict is refused there, in its words)
    return root
