"""Unit tests of the search query language: parsing, refusals, and match semantics."""

import pytest

from stripe_emulator.api.search import Clause, QueryError, SearchField, matcher, parse

FIELDS = (("created", "numeric"), ("email", "string"), ("metadata", "token"),
          ("name", "string"), ("phone", "string"))


def test_single_clause_with_double_or_single_quotes():
    for text in ('email:"amy@x.io"', "email:'amy@x.io'"):
        q = parse(text, FIELDS)
        assert q.clauses == (Clause("email", ":", "amy@x.io"),)
        assert not q.any_of


def test_metadata_key_and_value():
    q = parse("metadata['app_id']:'42'", FIELDS)
    assert q.clauses == (Clause("metadata", ":", "42", key="app_id"),)
    q = parse('metadata["donation-id"]:"a b"', FIELDS)
    assert q.clauses[0].key == "donation-id"


def test_implicit_and_explicit_and():
    q = parse('name:"a" email:"b@c.de"', FIELDS)
    assert len(q.clauses) == 2 and not q.any_of
    q = parse('name:"a" and email:"b@c.de"', FIELDS)
    assert len(q.clauses) == 2 and not q.any_of


def test_or():
    q = parse('name:"a" OR name:"b"', FIELDS)
    assert q.any_of and len(q.clauses) == 2


def test_negation_and_comparisons():
    q = parse('-email:"x@y.io" created>=1700000000 created<1800000000', FIELDS)
    assert q.clauses[0].negated
    assert q.clauses[1] == Clause("created", ">=", 1700000000)
    assert q.clauses[2] == Clause("created", "<", 1800000000)


def test_escaped_quote_inside_value():
    q = parse(r'name:"the \"Sky\""', FIELDS)
    assert q.clauses[0].value == 'the "sky"'


def test_null_token():
    q = parse("-metadata['k']:null", FIELDS)
    assert q.clauses[0].value is None and q.clauses[0].negated


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ('name:"a" AND email:"b@c.de" OR phone:"1"', "cannot be mixed"),
        ('name~"ab"', "at least 3"),
        ('name>"abc"', "numeric"),
        ("created:abc", "integer"),
        ('unknown:"x"', "not a searchable field"),
        ("name:abc", "quoted"),
        ('name:"abc', "not closed"),
        ("name", "operator"),
        ("name:", "expected a value"),
        ("metadata:'x'", "needs a key"),
        ("metadata[x]:'y'", "quoted metadata key"),
        ('name:"a" OR', "expected a clause"),
        ('email~"abc"x', "space between"),
        (" ".join(f'name:"n{i}"' for i in range(11)), "at most 10"),
    ],
)
def test_bad_queries_say_what_is_wrong(text, fragment):
    with pytest.raises(QueryError) as exc:
        parse(text, FIELDS)
    assert fragment in exc.value.message
    assert exc.value.param == "query"


def test_error_names_the_position():
    with pytest.raises(QueryError) as exc:
        parse('name:"a" bogus:"x"', FIELDS)
    assert "character 10" in exc.value.message


def _match(text, obj, field):
    q = parse(text, FIELDS)
    return matcher(q.clauses[0], field)(obj)


def test_string_exact_match_is_case_insensitive_and_word_ordered():
    name = SearchField("string", lambda o: o["name"])
    obj = {"name": "One Two Three Four"}
    assert _match('name:"one two three"', obj, name)
    assert _match('name:"TWO three"', obj, name)
    assert not _match('name:"three two"', obj, name)
    assert not _match('name:"one three"', obj, name)


def test_substring_match():
    email = SearchField("string", lambda o: o["email"], index="email")
    assert _match('email~"AMY"', {"email": "xamy@rocketrides.io"}, email)
    assert not _match('email~"bob"', {"email": "xamy@rocketrides.io"}, email)
    assert not _match('email~"bob"', {"email": None}, email)


def test_whole_value_string_match_for_indexed_fields():
    email = SearchField("string", lambda o: o["email"], index="email")
    assert _match('email:"Amy@X.io"', {"email": "amy@x.io"}, email)
    assert not _match('email:"amy@x.io"', {"email": "bamy@x.io"}, email)


def test_metadata_token_and_presence():
    meta = SearchField("token", lambda o: o["metadata"])
    obj = {"metadata": {"k": "V1"}}
    assert _match("metadata['k']:'v1'", obj, meta)
    assert not _match("metadata['k']:'v'", obj, meta)
    assert _match("-metadata['k']:null", obj, meta)
    assert _match("metadata['other']:null", obj, meta)


def test_numeric_comparisons():
    created = SearchField("numeric", lambda o: o["created"])
    obj = {"created": 100}
    assert _match("created:100", obj, created)
    assert _match("created>99", obj, created)
    assert not _match("created>100", obj, created)
    assert _match("created>=100", obj, created)
    assert _match("created<=100", obj, created)
    assert not _match("created<100", obj, created)
