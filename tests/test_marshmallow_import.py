"""The deferred compilation of marshmallow's e-mail patterns keeps that validator working."""

import re

import pytest
from marshmallow import ValidationError, validate

import stripe_emulator.api  # noqa: F401 - imports marshmallow through the deferring import
from stripe_emulator.api.marshmallow_import import LazyPattern


def test_email_validator_still_validates():
    check = validate.Email()
    assert check("jenny@example.com") == "jenny@example.com"
    with pytest.raises(ValidationError):
        check("not-an-email")


def test_only_marshmallows_patterns_were_deferred():
    assert re.compile is not None and re.compile("a").match("a")
    pattern = validate.Email.DOMAIN_REGEX
    assert isinstance(pattern, LazyPattern)  # conftest imported marshmallow through the api
    assert pattern.match("example.com")
    assert pattern.pattern.startswith("(?:")
