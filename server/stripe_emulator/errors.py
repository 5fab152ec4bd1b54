"""One error hierarchy, and the single place that turns an error into Stripe's error object."""

from __future__ import annotations

from typing import Any

from . import messages as M


class StripeError(Exception):
    """A failure answered with Stripe's `{"error": {...}}` body."""

    status = 500
    type = "api_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        status: int | None = None,
        decline_code: str | None = None,
        log_url: bool = True,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.param = param
        self.decline_code = decline_code
        self.log_url = log_url
        if status is not None:
            self.status = status
        # Errors from parameter validation happen before execution begins: Stripe does not
        # save them against an idempotency key.
        self.before_execution = False
        # Most failures change nothing (their request's changes are undone); a few are an
        # outcome Stripe records even as it answers with the error: a declined charge leaves
        # its finalized invoice and its counted attempt.
        self.keeps_changes = False
        # More of the error object, where Stripe adds it (a declined payment's intent, charge
        # and payment method).
        self.extra: dict[str, Any] = {}


class InvalidRequestError(StripeError):
    status = 400
    type = "invalid_request_error"


class NotFoundError(InvalidRequestError):
    status = 404


class AuthenticationError(StripeError):
    # Stripe answers a bad key with a 401 whose type is invalid_request_error.
    status = 401
    type = "invalid_request_error"


class CardError(StripeError):
    status = 402
    type = "card_error"


class IdempotencyError(StripeError):
    status = 400
    type = "idempotency_error"


class ConflictError(InvalidRequestError):
    status = 409


class RateLimitError(StripeError):
    status = 429
    type = "invalid_request_error"


class APIError(StripeError):
    status = 500
    type = "api_error"


def error_body(err: StripeError, request_id: str, now: int, livemode: bool = False) -> dict:
    """Stripe's error object for `err` (keys that do not apply are omitted, as Stripe does)."""
    body: dict[str, Any] = {"type": err.type, "message": err.message}
    if err.code:
        body["code"] = err.code
        body["doc_url"] = "https://stripe.com/docs/error-codes/" + err.code.replace("_", "-")
    if err.decline_code:
        body["decline_code"] = err.decline_code
    if err.param:
        body["param"] = err.param
    body.update(err.extra)
    if err.log_url:
        mode = "" if livemode else "test/"
        body["request_log_url"] = (
            f"https://dashboard.stripe.com/{mode}logs/{request_id}?t={now}"
        )
    return {"error": body}


# Constructors for the errors every resource raises, so their wording stays in one place.

def no_such(object_name: str, obj_id: str, param: str = "id", status: int = 404) -> StripeError:
    cls = NotFoundError if status == 404 else InvalidRequestError
    return cls(
        M.NO_SUCH.format(object=object_name, id=obj_id), code="resource_missing", param=param
    )


def unknown_params(params: list[str]) -> InvalidRequestError:
    if len(params) == 1:
        msg = M.UNKNOWN_PARAM.format(param=params[0])
    else:
        msg = M.UNKNOWN_PARAMS.format(params=", ".join(params))
    return InvalidRequestError(msg, code="parameter_unknown", param=params[0])
