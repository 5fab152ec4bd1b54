"""Stripe's search query language: a parser, and an evaluator that uses indexes where it can.

    query   := clause (sep clause)*        sep: whitespace (AND), or the words AND / OR
    clause  := ["-"] field op value        op: ":" "~" ">" "<" ">=" "<="
    field   := name | "metadata" "[" quoted "]"
    value   := quoted ('...' or "...", backslash escapes) | bare word (a number, null)

AND and OR cannot be mixed; there are no parentheses (Stripe's rules).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from .. import messages as M
from ..errors import InvalidRequestError
from ..store.memory import Collection

MAX_CLAUSES = 10
COMPARISONS = (">=", "<=", ">", "<")


class QueryError(InvalidRequestError):
    def __init__(self, detail: str, position: int | None = None) -> None:
        if position is None:
            message = M.SEARCH_QUERY.format(detail=detail)
        else:
            message = M.SEARCH_QUERY_AT.format(detail=detail, position=position + 1)
        super().__init__(message, param="query")


class Clause(NamedTuple):
    field: str
    op: str
    value: str | int | None  # None is the `null` token: the field is empty / the key absent
    negated: bool = False
    key: str | None = None  # the metadata key


class Query(NamedTuple):
    clauses: tuple[Clause, ...]
    any_of: bool  # True when joined by OR


class SearchField(NamedTuple):
    """A searchable field: its type ("string", "token" or "numeric") and how to read it."""

    kind: str
    get: Callable[[dict], Any]
    index: str | None = None  # name of a ValueIndex of case-folded values, for `:` lookups


def flag(name: str) -> Callable[[dict], str | None]:
    """A boolean field read as search compares it: `active:'true'`."""
    return lambda o: None if o[name] is None else ("true" if o[name] else "false")


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
_BARE_RE = re.compile(r"[^\s'\"]+")
_SPACE_RE = re.compile(r"\s*")
_WORD_RE = re.compile(r"\w+")
_JOIN_RE = re.compile(r"(AND|OR)(?=\s|$)", re.IGNORECASE)


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip(self) -> int:
        start = self.i
        self.i = _SPACE_RE.match(self.text, self.i).end()
        return self.i - start

    def quoted(self) -> str:
        quote = self.text[self.i]
        start = self.i
        self.i += 1
        out = []
        while self.i < len(self.text):
            ch = self.text[self.i]
            if ch == "\\" and self.i + 1 < len(self.text):
                out.append(self.text[self.i + 1])
                self.i += 2
                continue
            self.i += 1
            if ch == quote:
                return "".join(out)
            out.append(ch)
        raise QueryError(M.SEARCH_UNCLOSED_QUOTE, start)

    def clause(self) -> tuple[Clause, bool]:
        """A clause, and whether its value was quoted."""
        start = self.i
        negated = self.text.startswith("-", self.i)
        if negated:
            self.i += 1
        m = _NAME_RE.match(self.text, self.i)
        if not m:
            raise QueryError(M.SEARCH_EXPECTED_FIELD, self.i)
        field, self.i = m.group(), m.end()
        key = None
        if field == "metadata" and self.text.startswith("[", self.i):
            self.i += 1
            if self.i >= len(self.text) or self.text[self.i] not in "'\"":
                raise QueryError(M.SEARCH_EXPECTED_METADATA_KEY, self.i)
            key = self.quoted()
            if not self.text.startswith("]", self.i):
                raise QueryError(M.SEARCH_EXPECTED_KEY_END, self.i)
            self.i += 1
        op = next((o for o in (*COMPARISONS, ":", "~") if self.text.startswith(o, self.i)), None)
        if op is None:
            raise QueryError(M.SEARCH_EXPECTED_OPERATOR.format(field=field), self.i)
        self.i += len(op)
        if self.i >= len(self.text) or self.text[self.i].isspace():
            raise QueryError(M.SEARCH_EXPECTED_VALUE.format(field=field, op=op), self.i)
        if self.text[self.i] in "'\"":
            value, quoted = self.quoted(), True
        else:
            m = _BARE_RE.match(self.text, self.i)
            value, self.i, quoted = m.group(), m.end(), False
        if field == "metadata" and key is None:
            raise QueryError(M.SEARCH_METADATA_NEEDS_KEY, start)
        return Clause(field, op, value, negated, key), quoted

    def parse(self) -> tuple[list[tuple[Clause, bool, int]], set[str]]:
        clauses, joins = [], set()
        self.skip()
        if self.i >= len(self.text):
            raise QueryError(M.SEARCH_EMPTY)
        while True:
            start = self.i
            clause, quoted = self.clause()
            clauses.append((clause, quoted, start))
            if not self.skip():
                if self.i >= len(self.text):
                    break
                raise QueryError(M.SEARCH_EXPECTED_SPACE, self.i)
            if self.i >= len(self.text):
                break
            word = _JOIN_RE.match(self.text, self.i)
            if word:
                joins.add(word.group(1).upper())
                self.i += len(word.group(1))
                self.skip()
                if self.i >= len(self.text):
                    raise QueryError(M.SEARCH_EXPECTED_CLAUSE.format(word=word.group(1)),
                                     self.i)
            else:
                joins.add("AND")
        return clauses, joins


@lru_cache(maxsize=4096)
def parse(text: str, fields: tuple[tuple[str, str], ...]) -> Query:
    """Parse and check `text` against the resource's (field, kind) pairs."""
    raw, joins = _Parser(text).parse()
    if len(joins) > 1:
        raise QueryError(M.SEARCH_MIXED_JOINS)
    if len(raw) > MAX_CLAUSES:
        raise QueryError(M.SEARCH_TOO_MANY_CLAUSES.format(maximum=MAX_CLAUSES))
    kinds = dict(fields)
    clauses = []
    for clause, quoted, at in raw:
        field = clause.field
        kind = kinds.get(field)
        if kind is None:
            supported = ", ".join(sorted(kinds))
            raise QueryError(
                M.SEARCH_UNKNOWN_FIELD.format(field=clause.field, supported=supported), at)
        value: str | int | None = clause.value
        if not quoted and isinstance(value, str) and value.lower() == "null":
            value = None
        if clause.op in COMPARISONS and kind != "numeric":
            raise QueryError(M.SEARCH_NUMERIC_ONLY.format(op=clause.op, field=field), at)
        if clause.op == "~":
            if kind != "string":
                raise QueryError(M.SEARCH_STRING_ONLY.format(field=clause.field), at)
            if value is None or len(value) < 3:
                raise QueryError(M.SEARCH_SUBSTRING_TOO_SHORT, at)
        if kind == "numeric" and value is not None:
            if not re.fullmatch(r"-?\d+", str(value)):
                raise QueryError(M.SEARCH_NOT_INTEGER.format(field=clause.field, value=value),
                                 at)
            value = int(value)
        elif kind != "numeric" and value is not None and not quoted:
            raise QueryError(M.SEARCH_UNQUOTED.format(field=clause.field), at)
        elif clause.op == "~" or kind == "string":
            value = value if value is None else value.lower()
        clauses.append(Clause(clause.field, clause.op, value, clause.negated, clause.key))
    return Query(tuple(clauses), "OR" in joins)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower())


def _contains_words(have: str, want: str) -> bool:
    """All of the query's words, in order and adjacent (Stripe's exact match on a string)."""
    h, w = _words(have), _words(want)
    if not w:
        return not h
    return any(h[i : i + len(w)] == w for i in range(len(h) - len(w) + 1))


def matcher(clause: Clause, field: SearchField) -> Callable[[dict], bool]:
    get, value, op = field.get, clause.value, clause.op
    if clause.field == "metadata":
        key = clause.key

        def read(obj: dict) -> Any:
            return (obj.get("metadata") or {}).get(key)
    else:
        read = get

    if value is None:
        def test(obj: dict) -> bool:
            return read(obj) in (None, "")
    elif op == "~":
        def test(obj: dict) -> bool:
            have = read(obj)
            return have is not None and value in have.lower()
    elif op in COMPARISONS:
        compare = {">": int.__gt__, "<": int.__lt__, ">=": int.__ge__, "<=": int.__le__}[op]

        def test(obj: dict) -> bool:
            have = read(obj)
            return have is not None and compare(have, value)
    elif field.kind == "numeric":
        def test(obj: dict) -> bool:
            return read(obj) == value
    elif field.kind == "string" and field.index is None:
        def test(obj: dict) -> bool:
            have = read(obj)
            return have is not None and _contains_words(have, value)
    else:  # token, or a string field matched as a whole value (email, phone)
        folded = value.lower()

        def test(obj: dict) -> bool:
            have = read(obj)
            return have is not None and have.lower() == folded

    if clause.negated:
        return lambda obj: not test(obj)
    return test


def _indexed_ids(coll: Collection, clause: Clause, field: SearchField) -> Sequence[str] | None:
    """Ids matching `clause` from an index (oldest first), or None when it needs a scan."""
    if clause.negated or clause.value is None or clause.op != ":":
        return None
    if clause.field == "metadata" and "metadata" in coll.indexes:
        return coll.indexes["metadata"].ids(clause.key, clause.value)
    if field.index is not None:
        return coll.indexes[field.index].ids(str(clause.value).lower())
    return None


def encode_page(position: int) -> str:
    return f"page_{position:x}"


def decode_page(token: str) -> int | None:
    m = re.fullmatch(r"page_([0-9a-f]+)", token)
    return int(m.group(1), 16) if m else None


def search(
    coll: Collection,
    query: Query,
    fields: dict[str, SearchField],
    *,
    limit: int,
    page: int | None,
    url: str,
    total_count: bool = False,
) -> dict:
    """Stripe's search_result: newest first, `next_page` a cursor into creation order."""
    tests, index_sets = [], []
    for clause in query.clauses:
        field = fields[clause.field]
        ids = _indexed_ids(coll, clause, field)
        if ids is not None:
            index_sets.append(ids)
        if ids is None or query.any_of:
            tests.append(matcher(clause, field))
    ordered: Sequence[str] | None = None  # candidate ids, oldest first
    if query.any_of and len(index_sets) == len(query.clauses):
        ordered = sorted(set().union(*index_sets), key=coll.pos.__getitem__)
        tests = []
    elif not query.any_of and len(index_sets) == 1:
        ordered = index_sets[0]  # already in creation order: no sort, however many match
    elif not query.any_of and index_sets:
        common = set(index_sets[0]).intersection(*index_sets[1:])
        ordered = sorted(common, key=coll.pos.__getitem__)
    combine = any if query.any_of else all

    def matches(end: int) -> Iterator[dict]:
        """Matching objects created before position `end`, newest first."""
        if ordered is None:
            objs: Iterator[dict] = coll.newest_first(end)
        else:
            stop = bisect_left(ordered, end, key=coll.pos.__getitem__)  # those before `end`
            ids = map(ordered.__getitem__, range(stop - 1, -1, -1))
            objs = map(coll.objects.__getitem__, ids)
        if tests:
            return (obj for obj in objs if combine(t(obj) for t in tests))
        return objs

    data = list(islice(matches(len(coll.order) if page is None else page), limit + 1))
    has_more = len(data) > limit
    del data[limit:]
    result = {
        "object": "search_result",
        "data": data,
        "has_more": has_more,
        "next_page": encode_page(coll.pos[data[-1]["id"]]) if has_more else None,
        "url": url,
    }
    if total_count:
        result["total_count"] = sum(1 for _ in islice(matches(len(coll.order)), 10_000))
    return result
