"""Stripe's error wordings, in one place (observed strings; see shared/reference)."""

NO_API_KEY = (
    "You did not provide an API key. You need to provide your API key in the Authorization "
    "header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See "
    "https://stripe.com/docs/api#authentication for details, or we can help at "
    "https://support.stripe.com/."
)
INVALID_API_KEY = "Invalid API Key provided: {masked}"
PUBLISHABLE_KEY = (
    "This API call cannot be made with a publishable API key. Please use a secret API key. "
    "You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys."
)
UNRECOGNIZED_URL = (
    "Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we "
    "can help at https://support.stripe.com/."
)
UNRECOGNIZED_URL_SLASH = (
    "Unrecognized request URL ({method}: {path}). If you are trying to list objects, remove "
    "the trailing slash. If you are trying to retrieve an object, make sure you passed a valid "
    "(non-empty) identifier in your code. Please see https://stripe.com/docs or we can help at "
    "https://support.stripe.com/."
)
BAD_CONTENT_TYPE = (
    "Invalid request: the body must be application/x-www-form-urlencoded "
    "(Stripe's v1 API does not accept {content_type})."
)
BAD_ENCODING = "Invalid request: the body could not be decoded as form data ({detail})."
INVALID_VERSION = "Invalid Stripe API version: {version}"
INVALID_PARAM_NAME = "Invalid parameter name: {key}"
PARAM_TOO_DEEP = "Invalid parameter name: {key} nests more than {depth} levels of brackets."
PARAM_CONFLICT = "Invalid hash: '{param}' is given both as a value and as a hash or array."
TOO_MANY_PARAMS = "Invalid request: more than {maximum} parameters."
UNKNOWN_PARAM = "Received unknown parameter: {param}"
UNKNOWN_PARAMS = "Received unknown parameters: {params}"
MISSING_PARAM = "Missing required param: {param}."
INVALID_EMPTY = (
    "You passed an empty string for '{param}'. We assume empty values are an attempt to unset "
    "a parameter; however '{param}' cannot be unset. You should remove '{param}' from your "
    "request or supply a non-empty value."
)
INVALID_INTEGER = "Invalid integer: {value}"
INTEGER_TOO_SMALL = "This value must be greater than or equal to {minimum}."
INTEGER_TOO_LARGE = "This value must be less than or equal to {maximum}."
INVALID_DECIMAL = "Invalid decimal: {value}"
TOO_MANY_PLACES = "This value can have at most {places} decimal places."
INVALID_BOOLEAN = "Invalid boolean: {value}"
INVALID_ARRAY = "Invalid array"
INVALID_HASH = "Invalid hash"
INVALID_STRING = "Invalid string: {value}"
STRING_TOO_LONG = "Invalid string: {value}; must be at most {maximum} characters"
ARRAY_TOO_LONG = "Invalid array: {param} must have at most {maximum} elements."
INVALID_ENUM = "Invalid {param}: must be one of {choices}"
INVALID_CURRENCY = (
    "Invalid currency: {value}. Stripe currently supports these currencies: {supported}"
)
INVALID_EMAIL = "Invalid email address: {value}"
INVALID_LOCALE = "Invalid locale: {value} is not an RFC 4646 tag."
INVALID_PREFIX = "Invalid invoice_prefix: {value} must be 1-12 uppercase letters or numbers."
EXCLUSIVE_PARAMS = "You may only specify one of these parameters: {params}."
BALANCE_TOO_LARGE = (
    "This transaction would take the customer's balance past Stripe's maximum amount of "
    "{maximum} (in the currency's smallest unit)."
)
LINE_AMOUNT_TOO_LARGE = (
    "The invoice item's amount (unit amount times quantity) must be at most {maximum} in "
    "magnitude (in the currency's smallest unit)."
)
NO_SUCH = "No such {object}: '{id}'"
NOT_YET = (
    "stripe-emulator does not emulate '{param}' yet, so it refuses the parameter rather than "
    "ignore it."
)
METADATA_TOO_MANY = (
    "Metadata can have up to 50 keys, but you've set {count}. Email us at "
    "support+metadata@stripe.com for more information."
)
METADATA_KEY = "Invalid key: {key} must be a string under 40 characters"
METADATA_KEY_BRACKETS = "Invalid key: {key} must not contain square brackets"
METADATA_VALUE = "Invalid val: {value} must be a string under 500 characters"
BOTH_CURSORS = (
    "Received both starting_after and ending_before parameters. Please pass in only one."
)
CANNOT_EXPAND = "This property cannot be expanded ({field})."
CANNOT_EXPAND_LIST = (
    "This property cannot be expanded ({field}). You may want to try expanding "
    "'data.{field}' instead."
)
EXPAND_TOO_DEEP = "You cannot expand more than 4 levels of a property ({path})."
IDEMPOTENCY_MISMATCH = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with. Try using a key other than '{key}' if you meant to execute a different request."
)
IDEMPOTENCY_IN_USE = (
    "There is currently another in-progress request using this Idempotent Key (that probably "
    "means you submitted twice, and the other request is still going through): {key}. Please "
    "try again later."
)
IDEMPOTENCY_KEY_TOO_LONG = "Idempotency keys can be at most 255 characters long: {key}"
INTERNAL = (
    "An unexpected error occurred in stripe-emulator while handling this request. The failure "
    "is logged with the request id."
)
PREVIEW_NEEDS_DETAILS = (
    "You must pass specific subscription details (subscription, subscription_details.items, "
    "schedule, schedule_details.phases, or invoice_items) along with customer to preview an "
    "invoice."
)
NO_UPCOMING = "No upcoming invoices for customer: {customer}"
SEARCH_PAGE = "Invalid page: {page} is not a page token returned by a previous search."
BODY_TIMEOUT = "Invalid request: the request body did not arrive within {seconds} seconds."
MALFORMED_HTTP = "Invalid request: the HTTP request could not be read ({detail})."
UNKNOWN_EXPECT = "Unknown Expect header: {expect} (only 100-continue is understood)."
# The emulator's own routes (no Stripe wording to follow).
SNAPSHOT_INVALID = "Invalid snapshot: {detail}."
SNAPSHOT_FORMAT = (
    "Invalid snapshot: its format is {found}, and this stripe-emulator reads format {format} "
    "only (a document GET /_emulator/snapshot returned)."
)
