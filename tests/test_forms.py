"""Unit tests of Stripe's form decoding."""

import pytest

from stripe_emulator.brackets import FormError, bracket, split_key
from stripe_emulator.errors import InvalidRequestError
from stripe_emulator.http import forms
from stripe_emulator.http.forms import assemble, decode_form, parse_pairs, unquote_form


def test_flat_and_nested_keys():
    assert decode_form("a=1&b[c]=2&b[d][e]=3") == {"a": "1", "b": {"c": "2", "d": {"e": "3"}}}


def test_escaped_brackets_equal_plain_ones():
    assert decode_form("address%5Bcity%5D=Paris") == decode_form("address[city]=Paris")


def test_indexed_arrays_stay_index_keyed_for_the_schema_to_order():
    assert decode_form("expand[0]=a&expand[1]=b") == {"expand": {"0": "a", "1": "b"}}
    assert decode_form("x[0][name]=n&x[0][value]=v&x[1][name]=m") == {
        "x": {"0": {"name": "n", "value": "v"}, "1": {"name": "m"}}
    }


def test_bracket_append_arrays():
    assert decode_form("expand[]=a&expand[]=b") == {"expand": ["a", "b"]}


def test_bracket_append_array_of_hashes_starts_a_new_element_when_a_key_repeats():
    assert decode_form("f[][name]=a&f[][value]=1&f[][name]=b&f[][value]=2") == {
        "f": [{"name": "a", "value": "1"}, {"name": "b", "value": "2"}]
    }


def test_empty_values_are_kept_as_unset_markers():
    assert decode_form("metadata=&email=") == {"metadata": "", "email": ""}
    assert decode_form("metadata[k]=") == {"metadata": {"k": ""}}


def test_plus_and_percent_decoding():
    assert decode_form("name=Jenny+Rosen&email=j%40x.io&note=%E2%82%AC+5") == {
        "name": "Jenny Rosen", "email": "j@x.io", "note": "€ 5"
    }


def test_last_scalar_wins():
    assert decode_form("a=1&a=2") == {"a": "2"}


def test_scalar_and_hash_for_one_name_is_refused():
    with pytest.raises(InvalidRequestError) as exc:
        decode_form("address=x&address[city]=y")
    assert exc.value.param == "address"
    with pytest.raises(InvalidRequestError):
        decode_form("address[city]=y&address=x")


def test_malformed_key_is_refused():
    with pytest.raises(InvalidRequestError):
        split_key("a[b")


def test_split_and_bracket_round_trip():
    assert split_key("a[b][0][c]") == ["a", "b", "0", "c"]
    assert split_key("a[]") == ["a", ""]
    assert bracket(["a", "b", "0"]) == "a[b][0]"


@pytest.mark.parametrize("raw", ["a%40b", "%E2%82%AC+x", "100%", "%zz%41", "a+b%2B", "%5b%5D"])
def test_unquote_matches_the_standard_library(raw):
    from urllib.parse import unquote_plus

    assert unquote_form(raw) == unquote_plus(raw)


def test_empty_body():
    assert decode_form("") == {}
    assert decode_form("&&") == {}


TRICKY = ["a=1&a[x]=2", "a[x]=1&a=2", "a[x]=1&a[x][y]=2", "a[x][y]=1&a[x]=2", "a[]=1&a[]=2",
          "a%5Bx%5D=1&a[y]=2", "c+d=1&c%20d[e]=2", "a[x=1", "[a]=1", "a[]x=1", "a[x]y=1",
          "e[=1", "a[][x]=1&a[][y]=2&a[][x]=3", "m%5Bk+1%5D=v&m[k 1]=w", "a%5B%5D=1&a%5B%5D=2"]


@pytest.mark.parametrize("raw", TRICKY)
def test_the_one_pass_decoder_agrees_with_the_general_walk(raw):
    def outcome(decode):
        try:
            return decode(raw)
        except FormError as err:
            return (str(err), err.param)

    expected = outcome(lambda r: assemble(parse_pairs(r)))
    assert outcome(decode_form) == expected
    assert outcome(decode_form) == expected  # again, its keys now known


def test_long_keys_are_decoded_but_not_kept():
    key = "k" * 500
    assert decode_form(f"metadata[{key}]=v") == {"metadata": {key: "v"}}
    assert f"metadata[{key}]" not in forms._KEYS
    decode_form("email=a%40b.co")
    assert forms._KEYS["email"] == (forms.PLAIN, "email", "email", "")


def test_a_full_key_table_starts_over_and_keeps_serving(monkeypatch):
    monkeypatch.setattr(forms, "_KEYS_KEPT", 3)
    forms._KEYS.clear()
    assert decode_form("a=1&b=2&c=3") == {"a": "1", "b": "2", "c": "3"}
    assert len(forms._KEYS) == 3
    assert decode_form("metadata%5Bk%5D=v") == {"metadata": {"k": "v"}}
    assert list(forms._KEYS) == ["metadata%5Bk%5D"]  # started over, the newest kept
    forms._KEYS.clear()
