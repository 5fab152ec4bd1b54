"""Param schemas: marshmallow fields that coerce form strings the way Stripe does.

A field that refuses a value raises a marshmallow ValidationError whose message is a
Refusal: a wording template with its arguments, formatted once `load()` knows the bracketed
path of the param that failed (the template's `{param}`). A value the user sent is only ever
an argument, so it is echoed as sent, braces and all.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, missing

from .. import messages as M
from ..billing import currencies
from ..billing.money import AMOUNT_MAX
from ..brackets import bracket, split_key
from ..context import CURRENT
from ..errors import InvalidRequestError, StripeError, unknown_params

UNKNOWN = "\x00parameter_unknown"
MISSING = "\x00parameter_missing"
INVALID_INTEGER = "parameter_invalid_integer"

_INT_RE = re.compile(r"-?[0-9]+\Z")


# Stripe's integers are 64-bit; a value past them is not an integer at all to its parser.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# The last second of year 9999: later instants have no calendar date.
TIMESTAMP_MAX = 253_402_300_799


class Refusal:
    """One refused value: its wording template, the template's arguments, its error code."""

    __slots__ = ("args", "code", "template")

    def __init__(self, template: str, code: str | None, args: dict[str, Any]) -> None:
        self.template, self.code, self.args = template, code, args

    def error(self, param: str | None) -> InvalidRequestError:
        message = self.template.format(param=param or "", **self.args)
        return InvalidRequestError(message, code=self.code, param=param)


def fail(template: str, code: str | None = None, **args: Any) -> ValidationError:
    return ValidationError([Refusal(template, code, args)])


_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxdict, _repr.maxlist = 3, 4, 4


def shorten(value: Any) -> str:
    """Stripe quotes a long value as its first 10 and last 10 characters."""
    # A bounded repr: a hash nested a thousand deep is described, never recursed through.
    text = value if isinstance(value, str) else _repr.repr(value)
    return text if len(text) <= 20 else f"{text[:10]}...{text[-10:]}"


class Params(Schema):
    """Base of every param schema: unknown params are refused, as Stripe does."""

    class Meta:
        unknown = RAISE

    error_messages = {"unknown": UNKNOWN}


class Field(fields.Field):
    default_error_messages = {"required": MISSING, "null": MISSING}

    def __init__(self, *, unsettable: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.unsettable = unsettable

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kw: Any) -> Any:
        if value == "":
            if self.unsettable:
                return None
            raise fail(M.INVALID_EMPTY, code="parameter_invalid_empty")
        if value is missing:
            return super().deserialize(value, attr, data, **kw)
        # A sent value: marshmallow's wrapper would only re-check missing/None first.
        output = self._deserialize(value, attr, data, **kw) if kw else \
            self._deserialize(value, attr, data)
        if self.validators:
            self._validate(output)
        return output


class Str(Field):
    def __init__(self, *, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_length = max_length

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        if not isinstance(value, str):
            raise fail(M.INVALID_STRING, value=shorten(value))
        if self.max_length is not None and len(value) > self.max_length:
            raise fail(M.STRING_TOO_LONG, value=shorten(value), maximum=self.max_length)
        return value


_EMAIL_RE = re.compile(r"[^\s@]+@[^\s@.][^\s@]*\.[^\s@.]+\Z")


class Email(Str):
    """Stripe rejects addresses without a dotted domain, with spaces, or without `@`."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        value = Str._deserialize(self, value, attr, data)  # (every customer create: no super())
        if not _EMAIL_RE.match(value):
            raise fail(M.INVALID_EMAIL, "email_invalid", value=value)
        return value


class Pattern(Str):
    def __init__(self, pattern: str, message: str, **kwargs: Any) -> None:
        """`message` is a template: `{value}` the value sent, `{param}` its param."""
        super().__init__(**kwargs)
        self.regex = re.compile(pattern)
        self.message = message

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        value = super()._deserialize(value, attr, data, **kw)
        if not self.regex.fullmatch(value):
            raise fail(self.message, value=value)
        return value


class Currency(Field):
    """A three-letter ISO code Stripe supports; stored in lower case."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        code = value.lower() if isinstance(value, str) else ""
        if code not in currencies.SUPPORTED:
            raise fail(M.INVALID_CURRENCY, value=shorten(value),
                       supported=", ".join(sorted(currencies.SUPPORTED)))
        return code


class Number(Field):
    """A decimal number (Stripe's `decimal` params), kept exact as a Decimal."""

    # Past 64-bit integers in magnitude no amount or quantity makes sense (and 1e400 would
    # overflow the money math's contexts): such a value is refused as Stripe refuses a
    # non-number.
    _LIMIT = Decimal(INT64_MAX)

    def __init__(self, *, minimum: Decimal | int | None = None,
                 maximum: Decimal | int | None = None, places: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.minimum, self.maximum, self.places = minimum, maximum, places

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> Decimal:
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or abs(number) > self._LIMIT:
            raise fail(M.INVALID_DECIMAL, value=shorten(value))
        if self.minimum is not None and number < self.minimum:
            raise fail(M.INTEGER_TOO_SMALL, minimum=self.minimum)
        if self.maximum is not None and number > self.maximum:
            raise fail(M.INTEGER_TOO_LARGE, maximum=self.maximum)
        if self.places is not None and -number.as_tuple().exponent > self.places:
            raise fail(M.TOO_MANY_PLACES, places=self.places)
        return number


class Int(Field):
    """An integer param; by default any 64-bit value, as Stripe's parser takes."""

    def __init__(self, *, minimum: int | None = None, maximum: int | None = None,
                 code: str = INVALID_INTEGER, **kw: Any):
        super().__init__(**kw)
        self.minimum = minimum
        self.maximum = maximum
        self.code = code

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> int:
        if not isinstance(value, str) or not _INT_RE.match(value) or len(value) > 20:
            raise fail(M.INVALID_INTEGER, INVALID_INTEGER, value=shorten(value))
        number = int(value)
        if not INT64_MIN <= number <= INT64_MAX:
            raise fail(M.INVALID_INTEGER, INVALID_INTEGER, value=shorten(value))
        if self.minimum is not None and number < self.minimum:
            raise fail(M.INTEGER_TOO_SMALL, self.code, minimum=self.minimum)
        if self.maximum is not None and number > self.maximum:
            raise fail(M.INTEGER_TOO_LARGE, self.code, maximum=self.maximum)
        return number


def Amount(*, minimum: int | None = -AMOUNT_MAX, **kw: Any) -> Int:
    """An amount in the currency's smallest unit, within Stripe's eight digits."""
    return Int(minimum=minimum, maximum=AMOUNT_MAX, code="amount_too_large", **kw)


def Timestamp(**kw: Any) -> Int:
    """A Unix time in seconds that has a calendar date."""
    return Int(minimum=0, maximum=TIMESTAMP_MAX, **kw)


class TimeOr(Int):
    """A Unix time, or one of a few words in its place (`trial_end=now`,
    `billing_cycle_anchor=unchanged`)."""

    def __init__(self, *words: str, **kw: Any) -> None:
        super().__init__(minimum=0, maximum=TIMESTAMP_MAX, **kw)
        self.words = frozenset(words)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> int | str:
        if isinstance(value, str) and value in self.words:
            return value
        return super()._deserialize(value, attr, data, **kw)


class Bool(Field):
    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> bool:
        # Stripe takes only the lower-case words ("True" and "1" are refused).
        if value == "true":
            return True
        if value == "false":
            return False
        raise fail(M.INVALID_BOOLEAN, value=shorten(value))


def _or_list(choices: tuple[str, ...]) -> str:
    if len(choices) == 1:
        return choices[0]
    if len(choices) == 2:
        return f"{choices[0]} or {choices[1]}"
    return ", ".join(choices[:-1]) + ", or " + choices[-1]


class Enum(Field):
    """One of `choices`; `not_yet`: values Stripe takes for what is not emulated, refused as
    such (parameter_unsupported) rather than as unknown words."""

    def __init__(self, *choices: str, not_yet: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = frozenset(choices)
        self.not_yet = frozenset(not_yet)
        self.listed = _or_list(choices)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> str:
        # A hash or an array is no more one of the choices than a wrong word is.
        if not isinstance(value, str) or value not in self.choices:
            if isinstance(value, str) and value in self.not_yet:
                raise fail(M.NOT_YET_VALUE, code="parameter_unsupported", value=value)
            raise fail(M.INVALID_ENUM, choices=self.listed)
        return value


class Nested(Field):
    """A hash param; `param=` unsets it where the schema says so. `older`: (the API version
    that made it a hash, how a request of an earlier version sends it as a hash): a client
    pinned before the change is still understood."""

    def __init__(self, schema: type[Schema],
                 older: tuple[str, Callable[[Any], dict | None]] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema = schema
        self.older = older

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> dict:
        if not isinstance(value, dict) and self.older is not None:
            since, convert = self.older
            version = CURRENT.get().version
            if version is not None and version[:10] < since:
                value = convert(value)
        if not isinstance(value, dict):
            raise fail(M.INVALID_HASH)
        return load_tree(self.schema, value)


class ByCurrency(Field):
    """A hash of hashes keyed by currency (`currency_options[eur][amount_off]=500`)."""

    def __init__(self, schema: type[Schema], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.schema = schema

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> dict:
        if not isinstance(value, dict):
            raise fail(M.INVALID_HASH)
        out, errors = {}, {}
        for key, inner in value.items():
            try:
                code = Currency().deserialize(key)
                if not isinstance(inner, dict):
                    raise fail(M.INVALID_HASH)
                out[code] = load_tree(self.schema, inner)
            except ValidationError as err:
                errors[key] = err.messages
        if errors:
            raise ValidationError(errors)
        return out


class List(Field):
    """An array param: `a[]=x`, `a[0]=x`; a hash or a scalar where an array belongs is refused."""

    def __init__(self, inner: fields.Field, *, max_items: int | None = None, **kw: Any) -> None:
        super().__init__(**kw)
        self.inner = inner
        self.max_items = max_items

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> list:
        if isinstance(value, dict):
            if not all(k.isdigit() for k in value):
                raise fail(M.INVALID_ARRAY)
            value = [value[k] for k in sorted(value, key=int)]
        elif not isinstance(value, list):
            raise fail(M.INVALID_ARRAY)
        if self.max_items is not None and len(value) > self.max_items:
            raise fail(M.ARRAY_TOO_LONG, maximum=self.max_items)
        result, errors = [], {}
        for index, item in enumerate(value):
            try:
                result.append(self.inner.deserialize(item))
            except ValidationError as err:
                errors[index] = err.messages
        if errors:
            raise ValidationError(errors)
        return result


class Metadata(Field):
    """`metadata[k]=v` sets, `metadata[k]=` deletes one key (None here), `metadata=` clears all."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(unsettable=True, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> dict:
        if not isinstance(value, dict):
            raise fail(M.INVALID_HASH)
        out: dict[str, str | None] = {}
        for key, val in value.items():
            if len(key) > 40:
                raise fail(M.METADATA_KEY, key=key)
            if "[" in key or "]" in key:
                raise fail(M.METADATA_KEY_BRACKETS, key=key)
            if not isinstance(val, str) or len(val) > 500:
                raise fail(M.METADATA_VALUE, value=shorten(val))
            out[key] = val or None
        return out


class NotYet(Field):
    """A param the SDK declares for a capability this emulator has not built yet."""

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kw: Any) -> Any:
        if value is missing:
            return super().deserialize(value, attr, data, **kw)
        raise fail(M.NOT_YET, code="parameter_unsupported")


class Gone(Field):
    """A param the pinned version no longer takes, refused with Stripe's own code for it."""

    def __init__(self, template: str, code: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.template, self.code = template, code

    def deserialize(self, value: Any, attr: str | None = None, data: Any = None, **kw: Any) -> Any:
        if value is missing:
            return super().deserialize(value, attr, data, **kw)
        raise fail(self.template, code=self.code)


class Created(Field):
    """`created=N` or `created[gt|gte|lt|lte]=N`."""

    _int = Int()
    _ops = ("gt", "gte", "lt", "lte")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kw: Any) -> dict[str, int]:
        if isinstance(value, str):
            return {"eq": self._int.deserialize(value)}
        if not isinstance(value, dict):
            raise fail(M.INVALID_HASH)
        out, errors = {}, {}
        for key, raw in value.items():
            if key not in self._ops:
                errors[key] = [UNKNOWN]
                continue
            try:
                out[key] = self._int.deserialize(raw)
            except ValidationError as err:
                errors[key] = err.messages
        if errors:
            raise ValidationError(errors)
        return out


def Expand() -> List:
    return List(Str(max_length=5000))


class ListParams(Params):
    """The params every list endpoint takes."""

    limit = Int()
    starting_after = Str()
    ending_before = Str()
    expand = Expand()


class RetrieveParams(Params):
    expand = Expand()


class SearchParams(Params):
    """The params every search endpoint takes."""

    query = Str(required=True)
    limit = Int()
    page = Str()
    expand = Expand()


def first_error(messages: Any) -> StripeError:
    """The Stripe error for marshmallow's error tree: unknown params first, else the first leaf."""
    unknown: list[str] = []
    first: list[tuple[Any, list[str]]] = []

    def walk(node: Any, path: list[str]) -> None:
        if isinstance(node, dict):
            for key, sub in node.items():
                walk(sub, path if key == "_schema" else [*path, str(key)])
        elif isinstance(node, list):
            for item in node:
                walk(item, path)
        elif node == UNKNOWN:
            unknown.append(bracket(path))
        elif not first:
            first.append((node, path))

    walk(messages, [])
    if unknown:
        return unknown_params(unknown)
    node, path = first[0] if first else ("Invalid request", [])
    param = bracket(path) or None
    if node == MISSING:
        return InvalidRequestError(
            M.MISSING_PARAM.format(param=param), code="parameter_missing", param=param
        )
    if isinstance(node, Refusal):
        return node.error(param)
    if isinstance(node, StripeError):
        node.param = node.param or param
        return node
    return InvalidRequestError(str(node), param=param)


def load_tree(schema: type[Schema], params: dict[str, Any]) -> dict[str, Any]:
    """What `schema.load(params)` gives, at a cost per param sent rather than per field declared.

    marshmallow's own `load` visits every declared field (a customer declares ~25, a request
    sends ~3): on the create path that walk was a quarter of the server's time. The fields,
    their coercion and their errors are marshmallow's all the same.
    """
    fields_ = schema._declared_fields
    out: dict[str, Any] = {}
    errors: dict[str, Any] = {}
    for key, value in params.items():
        field = fields_.get(key)
        if field is None:
            errors[key] = [UNKNOWN]
            continue
        try:
            out[key] = field.deserialize(value)
        except ValidationError as err:
            errors[key] = err.messages
    for name in _required(schema):
        if name not in params:
            errors[name] = [MISSING]
    if errors:
        raise ValidationError(errors)
    return out


def _required(schema: type[Schema]) -> tuple[str, ...]:
    names = _REQUIRED.get(schema)
    if names is None:
        names = _REQUIRED[schema] = tuple(
            name for name, f in schema._declared_fields.items() if f.required
        )
    return names


_REQUIRED: dict[type, tuple[str, ...]] = {}


def within(err: StripeError, *outer: str) -> StripeError:
    """A nested part's refusal, `param` named from the top: `amount` -> `lines[0][amount]`."""
    if err.param:
        err.param = bracket([*outer, *split_key(err.param)])
    return err


def load(schema: type[Schema], params: dict[str, Any]) -> dict[str, Any]:
    """Validate and coerce `params`; raise the Stripe error for the first problem."""
    try:
        return load_tree(schema, params)
    except ValidationError as err:
        error = first_error(err.messages)
        error.before_execution = True
        raise error from None
