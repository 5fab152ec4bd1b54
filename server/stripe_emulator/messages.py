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
NO_SUCH_PAYMENT_METHOD = (
    "No such PaymentMethod: '{id}'; It's possible this PaymentMethod exists on one of your "
    "connected accounts, in which case you should retry this request on that connected "
    "account. Learn more at https://stripe.com/docs/connect/authentication"
)
NOT_YET_VALUE = (
    "stripe-emulator does not emulate {param}={value} yet, so it refuses the value rather "
    "than ignore it."
)
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
HTTP_REFUSED = "Invalid request: {reason}."
LINE_NAMED_TWICE = "Invalid lines: {id} is given more than once in this request."
BODY_TIMEOUT = "Invalid request: the request body did not arrive within {seconds} seconds."
MALFORMED_HTTP = "Invalid request: the HTTP request could not be read ({detail})."
UNKNOWN_EXPECT = "Unknown Expect header: {expect} (only 100-continue is understood)."
# Customers and their balance.
INVOICE_PREFIX_TAKEN = (
    "The invoice prefix '{prefix}' is already used by another customer of this account. "
    "Invoice prefixes must be unique, including those of deleted customers."
)
BALANCE_TRANSACTION_ZERO = "Invalid amount: a balance transaction cannot be zero."
# Payment methods and cards.
PAYMENT_METHOD_TYPE_UNSUPPORTED = (
    "stripe-emulator emulates card payment methods only, not '{type}'."
)
CARD_TOKEN_WITH_DETAILS = "card[token] cannot be combined with card details."
PAYMENT_METHOD_ALREADY_ATTACHED = (
    "The payment method you provided has already been attached to a customer."
)
PAYMENT_METHOD_NOT_ATTACHED = (
    "The payment method you provided is not attached to a customer so detachment is "
    "impossible."
)
PAYMENT_METHOD_USED_UP = (
    "This PaymentMethod was previously used without being attached to a Customer or was "
    "detached from a Customer, and may not be used again."
)
PAYMENT_METHOD_NOT_THE_CUSTOMERS = (
    "The customer does not have a payment method with the ID {id}. The payment method must be "
    "attached to the customer."
)
CARD_INVALID_EXPIRY_MONTH = "Your card's expiration month is invalid."
CARD_INVALID_EXPIRY_YEAR = "Your card's expiration year is invalid."
CARD_INVALID_CVC = "Your card's security code is invalid."
CARD_DECLINED = "Your card was declined."
CARD_INSUFFICIENT_FUNDS = "Your card has insufficient funds."
CARD_EXPIRED = "Your card has expired."
CARD_INCORRECT_CVC = "Your card's security code is incorrect."
CARD_PROCESSING_ERROR = "An error occurred while processing your card. Try again in a little bit."
CARD_VELOCITY_EXCEEDED = (
    "Your card was declined for making repeated attempts too frequently or exceeding its "
    "amount limit."
)
CARD_INCORRECT_NUMBER = "Your card number is incorrect."
# Invoices, their items and lines.
DUE_DATE_NOT_SEND_INVOICE = (
    "You can only specify 'due_date' or 'days_until_due' if invoice collection method is "
    "'send_invoice'."
)
DUE_DATE_REQUIRED = (
    "If invoice collection method is 'send_invoice', you must specify 'due_date' or "
    "'days_until_due'."
)
INVOICE_FINALIZED_UPDATE = "Finalized invoices can't be updated in this way"
INVOICE_ALREADY_FINALIZED = (
    "This invoice is already finalized, you can't re-finalize a non-draft invoice."
)
INVOICE_ALREADY_PAID = "Invoice is already paid"
INVOICE_VOIDED_UNPAYABLE = "This invoice has been voided and cannot be paid."
INVOICE_NOT_OPEN = "You can only pass in open invoices. This invoice isn't open."
INVOICE_ALREADY_UNCOLLECTIBLE = "This invoice has already been marked uncollectible."
INVOICE_CANNOT_SEND = (
    "This invoice cannot be sent right now. Please contact us via "
    "https://support.stripe.com/contact with details, so we can help."
)
INVOICE_DELETE_DRAFT_ONLY = "You can only delete draft invoices."
INVOICE_NOT_EDITABLE = "Invalid invoice: This invoice is no longer editable"
INVOICE_NO_PAYMENT_METHOD = (
    "This customer has no attached payment source or default payment method. Please consider "
    "adding a default payment method. For more information, visit "
    "https://stripe.com/docs/billing/subscriptions/payment-methods-setting"
    "#payment-method-priority."
)
ITEM_PERIOD_REVERSED = "The period end must be at or after its start."
ITEM_INVOICE_OTHER_CUSTOMER = "The invoice {invoice} belongs to another customer."
CLIENT_SECRET_MISMATCH = (
    "The client_secret provided does not match the client_secret associated with the "
    "{object}."
)
PREVIEW_ANCHOR_TIMESTAMP = (
    "subscription_details[billing_cycle_anchor][timestamp] is only valid when "
    "subscription_details[billing_cycle_anchor][type] is `timestamp`."
)
PREVIEW_ANCHOR_EXISTING = (
    "For an existing subscription, subscription_details[billing_cycle_anchor][type] can only "
    "be `now` or `unchanged`."
)
BACKDATE_FUTURE = "The backdated subscription start date must be in the past."
BACKDATE_TOO_MANY_LINES = (
    "Backdating this far would put more than {maximum} line items on the first invoice."
)
INVOICE_SUBSCRIPTION_CURRENCY = (
    "The currency {currency} does not match the currency of the subscription {subscription} "
    "({sub_currency})."
)
INVOICE_SUBSCRIPTION_OTHER_CUSTOMER = (
    "The subscription {subscription} does not belong to the customer {customer}."
)
ITEM_PRICE_CURRENCY_MISMATCH = (
    "The price's currency ({price_currency}) must match the invoice item's currency "
    "({currency})."
)
ITEM_CURRENCY_MISMATCH = (
    "The currency of the invoice item ({currency}) must match the invoice's currency "
    "({invoice_currency})."
)
LINE_ITEM_NOT_ADDABLE = (
    "Only a pending invoice item of the invoice's customer and currency can be added to it."
)
TAX_RATE_ARCHIVED = (
    "The tax rate {id} is archived (active is false) and cannot be applied to new items or "
    "invoices."
)
# Tax IDs.
TAX_ID_CONNECT_OWNER = (
    "stripe-emulator does not emulate Connect, so owner[type]={type} is refused."
)
TAX_ID_OWNER_CUSTOMER_NOT_SELF = "owner[customer] goes with owner[type]=customer only."
TAX_ID_INVALID = "Invalid value for {type}."
TAX_ID_LIMIT = "A customer can have at most {maximum} tax IDs; this one would have {count}."
# Webhook endpoints.
WEBHOOK_URL_INVALID = "Invalid URL: {url}"
WEBHOOK_EVENT_INVALID = (
    "Invalid enabled_events[{index}]: {event} is not an event type a webhook endpoint can "
    "receive."
)
WEBHOOK_CONNECT = "stripe-emulator does not emulate Connect endpoints."
WEBHOOK_ENDPOINTS_LIMIT = "You can have at most {maximum} webhook endpoints."
# Search queries: a detail below, in SEARCH_QUERY (or SEARCH_QUERY_AT, which names the
# 1-based character where the parser stopped).
SEARCH_QUERY = "Invalid search query: {detail}."
SEARCH_QUERY_AT = "Invalid search query: {detail} (at character {position} of the query)."
SEARCH_UNCLOSED_QUOTE = "a quoted value is not closed"
SEARCH_EXPECTED_FIELD = "expected a field name"
SEARCH_EXPECTED_METADATA_KEY = "expected a quoted metadata key after 'metadata['"
SEARCH_EXPECTED_KEY_END = "expected ']' after the metadata key"
SEARCH_EXPECTED_OPERATOR = "expected an operator (one of : ~ > < >= <=) after '{field}'"
SEARCH_EXPECTED_VALUE = "expected a value after '{field}{op}'"
SEARCH_METADATA_NEEDS_KEY = "metadata needs a key, as in metadata['key']:'value'"
SEARCH_EMPTY = "the query is empty"
SEARCH_EXPECTED_SPACE = "expected a space between clauses"
SEARCH_EXPECTED_CLAUSE = "expected a clause after {word}"
SEARCH_MIXED_JOINS = "AND and OR cannot be mixed in one query"
SEARCH_TOO_MANY_CLAUSES = "a query can have at most {maximum} clauses"
SEARCH_UNKNOWN_FIELD = "'{field}' is not a searchable field here (supported: {supported})"
SEARCH_NUMERIC_ONLY = "'{op}' works only on numeric fields, not '{field}'"
SEARCH_STRING_ONLY = "'~' works only on string fields, not '{field}'"
SEARCH_SUBSTRING_TOO_SHORT = "a substring match (~) needs at least 3 characters"
SEARCH_NOT_INTEGER = "'{field}' takes an integer, not '{value}'"
SEARCH_UNQUOTED = "the value for '{field}' must be quoted"
# The emulator's own routes (no Stripe wording to follow).
SNAPSHOT_INVALID = "Invalid snapshot: {detail}."
SNAPSHOT_FORMAT = (
    "Invalid snapshot: its format is {found}, and this stripe-emulator reads format {format} "
    "only (a document GET /_emulator/snapshot returned)."
)

# Products and prices.
INVALID_TAX_CODE = "Invalid tax_code: {value} is not a tax code (txcd_ and 8 digits)."
INVALID_OBJECT_ID = "Invalid id: {value} (letters, digits, '_' and '-', at most 255)."
ID_TAKEN = "A {object} with id '{id}' already exists."
DEFAULT_PRICE_NOT_OF_PRODUCT = (
    "The price '{price}' is not a price of the product '{product}', so it cannot be its "
    "default price."
)
PRICE_INACTIVE = "The price specified ({id}) is inactive. This field only accepts active prices."
PRODUCT_HAS_PRICES = (
    "This product cannot be deleted because it has one or more user-created prices."
)
IDS_WITH_CURSOR = "The ids parameter cannot be used with starting_after or ending_before."
PRICE_NEEDS_PRODUCT = (
    "You must specify either `product` or `product_data` when creating a price."
)
PRICE_NEEDS_AMOUNT = (
    "Prices require an `unit_amount` or `unit_amount_decimal` parameter to be set."
)
INTERVAL_TOO_LONG = "The maximum billing interval is three years (3 years, 36 months or 156 weeks)."
METERED_NEEDS_METER = (
    "Starting with Stripe version `2025-03-31.basil`, metered prices must be backed by meters."
)
TIERED_ONE_TIME = "Prices with `type=one_time` are not supported with tiered billing."
TIERED_UNIT_AMOUNT = (
    "A tiered price takes its amounts from `tiers`: `unit_amount` and `unit_amount_decimal` "
    "cannot be set."
)
TIERS_NEED_TIERED = "`{param}` can only be set on prices with `billing_scheme=tiered`."
TIER_INF_NOT_LAST = "Only the last tier can have `up_to=inf`."
TIER_BOUND = (
    "Invalid up_to: {value}. Each tier but the last needs an integer above the previous "
    "tier's, and the last one `inf`."
)
LOOKUP_KEY_TAKEN = "A price (`{id}`) already uses that lookup key."
TAX_BEHAVIOR_FIXED = (
    "The tax_behavior of a price cannot be changed once it is `inclusive` or `exclusive`."
)
ITEM_PRICE_RECURRING = (
    "The price specified is set to `type=recurring` but this field only accepts prices with "
    "`type=one_time`."
)

# Test clocks.
CLOCK_FULL = "The test clock {id} already has {maximum} customers, the most a clock can have."
CUSTOMER_ON_A_CLOCK = (
    "The customer {id} is already on the test clock {clock}; customers can't be moved between "
    "test clocks."
)
CLOCK_NOT_READY = "The test clock is {status}: it can be advanced once it is ready."
CLOCK_BACKWARDS = (
    "The frozen_time must be after the test clock's current frozen time ({now}): a test clock "
    "only moves forward."
)
CLOCK_TOO_FAR = (
    "A test clock with no subscriptions cannot be advanced more than two years at a time."
)

# Subscriptions.
SUBSCRIPTION_PRICE_ONE_TIME = (
    "The price specified is set to `type=one_time` but this field only accepts prices with "
    "`type=recurring`. ({id})"
)
SUBSCRIPTION_PRICE_TWICE = (
    "Cannot create a Subscription with multiple Subscription Items with the same Price: {id}"
)
SUBSCRIPTION_CURRENCY_UNAVAILABLE = (
    "The price specified ({price}) is not available in currency '{currency}': a "
    "subscription's currency must be one that each of its prices has."
)
INTENT_METHOD_TYPE_NOT_ALLOWED = (
    "The PaymentMethod provided ({type}) is not allowed for this PaymentIntent: its payment "
    "method types are {types}."
)
CLASSIC_BILLING_NOT_EMULATED = (
    "stripe-emulator bills every subscription in flexible billing mode: billing_mode[type] "
    "can only be flexible."
)
AUTOMATIC_TAX_NOT_EMULATED = (
    "stripe-emulator does not emulate Stripe Tax: automatic_tax[enabled] can only be false."
)
SUBSCRIPTION_CURRENCIES = "All prices on a subscription must have the same `currency`."
CURRENCY_MIX = (
    "You cannot combine currencies on a single customer. This customer has an active "
    "subscription, subscription schedule, discount, quote, or invoice item with currency "
    "{currency}."
)
# `{what}`: the product, after its quantity when that is more than one
PRORATION_UNUSED = "Unused time on {what} after {date}"
PRORATION_REMAINING = "Remaining time on {what} after {date}"
QUANTITY_OF = "{quantity} × {product}"  # noqa: RUF001
PRORATION_DISCOUNTS_ITEMIZED = (
    "This subscription itemizes the discounts of its prorations; it can't be migrated back "
    "to `proration_discounts=included`."
)
PRORATION_DATE_OUTSIDE = (
    "The `proration_date` must be within the subscription's current billing period "
    "({start} to {end})."
)
SUBSCRIPTION_ITEM_UNKNOWN = "No such subscription item: '{id}' on subscription {subscription}."
SUBSCRIPTION_ITEM_NEEDS_PRICE = "You must specify a `price` for a new subscription item."
SUBSCRIPTION_LAST_ITEM = (
    "A subscription must have at least one item. To end it, cancel the subscription instead."
)
SUBSCRIPTION_INCOMPLETE_UPDATE = (
    "A subscription with status `incomplete` can only have its metadata and default_source "
    "updated; pay its first invoice to activate it."
)
SUBSCRIPTION_ANCHOR_RANGE = (
    "billing_cycle_anchor cannot be later than next natural billing date ({natural}) for plan"
)
SUBSCRIPTION_ANCHOR_PAST = (
    "The parameter `billing_cycle_anchor` expects a unix timestamp representing a date and time "
    "in the future. You specified the value `{value}` which is in the past."
)
CANCEL_AT_PAST = (
    "The parameter `cancel_at` expects a unix timestamp representing a date and time in the "
    "future. You specified the value `{value}` which is in the past."
)
SUBSCRIPTION_NOT_PAUSED = "Subscription {id} is not paused: only a paused subscription resumes."
SUBSCRIPTION_PAUSE_STATUS = "A subscription with status `{status}` cannot be paused."
SUBSCRIPTION_RESUME_SEND_INVOICE = (
    "Resume is only available for subscriptions that use charge_automatically collection."
)
CLOCK_TOO_FAR_SUBSCRIPTIONS = (
    "Cannot advance the test clock more than two intervals of its shortest subscription "
    "({interval_count} {interval}) at a time: the furthest is {limit}."
)
DUE_DATE_REQUIRED_DAYS = (
    "If invoice collection method is 'send_invoice', you must specify 'days_until_due'."
)
DUE_DATE_NOT_SEND_INVOICE_DAYS = (
    "You can only specify 'days_until_due' if invoice collection method is 'send_invoice'."
)
PENDING_IF_INCOMPLETE_ON_CREATE = (
    "Setting `payment_behavior` to `pending_if_incomplete` has no effect when creating a "
    "subscription."
)
SUBSCRIPTION_CANCELED = "The subscription {id} is already canceled."
# `{unit}`: the product's `unit_label` after the quantity ("1 user x …"), if it has one
SUBSCRIPTION_LINE = "{quantity}{unit} × {product} (at {amount} / {interval})"  # noqa: RUF001
SUBSCRIPTION_TRIAL_LINE = "Trial period for {product}"
SUBSCRIPTION_TIER_LINE = (
    "{quantity} × {product} (Tier {tier} at {amount} / {interval})"  # noqa: RUF001
)
SUBSCRIPTION_TIER_FLAT = " + {amount} flat fee"
TRIAL_FROM_PLAN_EXCLUSIVE = (
    "You cannot set `trial_end` or `trial_period_days` when `trial_from_plan=true`."
)
TRIAL_END_PAST = (
    "The parameter `trial_end` expects a unix timestamp representing a date and time in the "
    "future. You specified the value `{value}` which is in the past."
)
TRIAL_TOO_LONG = "The maximum number of trial period days is 730 (2 years)."

# The emulator's Billing settings (`/_emulator/billing_settings`).
SETTINGS_RETRY_DAYS = (
    "retry_days must list at most {most} days, each from 1 to {days}, in increasing order "
    "(e.g. 3,5,7), or nothing for no retries."
)
SETTINGS_UPCOMING_DAYS = "upcoming_days must be a whole number of days from 1 to 45."
PREVIEW_OTHER_CUSTOMER = (
    "The subscription {subscription} does not belong to the customer {customer}."
)
NO_UPCOMING_SUBSCRIPTION = "No upcoming invoices for subscription {id}: it is {status}."
NO_UPCOMING_CANCELING = (
    "No upcoming invoices for subscription {id}: it is set to cancel before it renews."
)
CLOCK_SUBSCRIPTIONS_LIMIT = (
    "A customer on a test clock can have at most {limit} subscriptions: Stripe limits the "
    "complexity of each simulation."
)
PENDING_UPDATE_PARAMS = (
    "These parameters cannot be used with `payment_behavior=pending_if_incomplete`: {params}."
)
ANCHOR_CONFIG_INTERVAL = (
    "billing_cycle_anchor_config is only valid with monthly and yearly price intervals."
)
TRIAL_STATUS = "A subscription with status `{status}` cannot start or change a trial."

# PaymentIntents and charges.
PAYMENT_METHOD_TYPES_GONE = (
    "Passing `payment_method_types` is no longer supported on this API version: the payment "
    "methods are computed (use `allowed_payment_method_types` or `automatic_payment_methods`)."
)
PAYMENT_METHOD_OTHER_CUSTOMER = (
    "Payment methods attached to other Customers cannot be used with this PaymentIntent."
)
AMOUNT_TOO_SMALL = "Amount must be at least $0.50 {currency}"
AMOUNT_ZERO = (
    "The amount must be greater than or equal to the minimum charge amount allowed for your "
    "account and the currency set (https://docs.stripe.com/currencies#minimum-and-maximum-"
    "charge-amounts).  If you want to save a Payment Method for future use without an "
    "immediate payment, use a Setup Intent instead: https://docs.stripe.com/payments/"
    "setup-intents"
)
CONFIRM_ONLY = "The parameter `{param}` can only be used with `confirm=true`."
INTENT_AMOUNT_STATE = (
    "This PaymentIntent's amount could not be updated because it has a status of {status}. "
    "You may only update the amount of a PaymentIntent with one of the following statuses: "
    "requires_payment_method, requires_confirmation, requires_action."
)
INTENT_UPDATE_STATE = (
    "This PaymentIntent could not be updated because it has a status of {status}."
)
INTENT_CONFIRM_SUCCEEDED = (
    "You cannot confirm this PaymentIntent because it has already succeeded after being "
    "previously confirmed."
)
INTENT_CONFIRM_CANCELED = (
    "You cannot confirm this PaymentIntent because it has a status of canceled."
)
INTENT_CONFIRM_STATE = (
    "You cannot confirm this PaymentIntent because it has a status of {status}."
)
INTENT_NO_PAYMENT_METHOD = (
    "You cannot confirm this PaymentIntent because it's missing a payment method. Specify a "
    "`payment_method` when confirming it."
)
INTENT_RETURN_URL = (
    "A `return_url` must be specified because this Payment Intent is configured to "
    "automatically accept the payment methods enabled in the Dashboard, some of which may "
    "require a full page redirect to succeed. If you do not want to accept redirect-based "
    "payment methods, set `automatic_payment_methods[enabled]` to `true` and "
    "`automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and "
    "Payment Intents."
)
INTENT_CAPTURE_STATE = (
    "This PaymentIntent could not be captured because it has a status of {status}. Only a "
    "PaymentIntent with one of the following statuses may be captured: requires_capture."
)
INTENT_ALREADY_CAPTURED = (
    "This PaymentIntent could not be captured because it has already been captured."
)
INTENT_CAPTURE_TOO_MUCH = (
    "The `amount_to_capture` cannot be more than the amount capturable ({amount})."
)
CHARGE_ALREADY_CAPTURED = "Charge {id} has already been captured."
CHARGE_ALREADY_REFUNDED = "Charge {id} has already been refunded."
CHARGE_RELEASED = (
    "Charge {id} cannot be captured: its PaymentIntent was canceled, which released the "
    "authorization."
)
CHARGE_NOT_CAPTURABLE = (
    "Charge {id} cannot be captured: only a successful charge awaiting capture can be "
    "(this one has a status of {status})."
)
CHARGE_CAPTURE_TOO_MUCH = "The `amount` cannot be more than the amount capturable ({amount})."
INTENT_CANCEL_STATE = (
    "You cannot cancel this PaymentIntent because it has a status of {status}. Only a "
    "PaymentIntent with one of the following statuses may be canceled: {statuses}."
)
INTENT_NOT_AWAITING_ACTION = (
    "This PaymentIntent has a status of {status}: there is no authentication to complete."
)
AUTHENTICATION_FAILED = (
    "We are unable to authenticate your payment method. Please choose a different payment "
    "method and try again."
)
CARD_AUTHENTICATION_REQUIRED = "Your card was declined. This transaction requires authentication."
REFUND_NEEDS_TARGET = (
    "One of the following params should be provided for this request: payment_intent or charge."
)
REFUND_MISMATCH = "The charge given is not the PaymentIntent's."
REFUND_NOTHING_PAID = (
    "This PaymentIntent ({id}) does not have a successful charge to refund: its status is "
    "{status}."
)
REFUND_FAILED_CHARGE = "Charge {id} failed: there is nothing to refund."
REFUND_UNCAPTURED = (
    "This uncaptured Charge was created by a PaymentIntent ({intent}). You must cancel the "
    "PaymentIntent to reverse the authorization instead of refunding the Charge directly."
)
CHARGE_ALREADY_REFUNDED = "Charge {id} has already been refunded."
CHARGE_RELEASED = (
    "Charge {id} cannot be captured: its PaymentIntent was canceled, which released the "
    "authorization."
)
REFUND_TOO_MUCH = "Refund amount ({amount}) is greater than unrefunded amount on charge ({left})"
REFUND_CANNOT_CANCEL = (
    "Refund {id} cannot be canceled: only a refund with status requires_action can be, and "
    "its status is {status}."
)
SETUP_UPDATE_STATE = "This SetupIntent could not be updated because it has a status of {status}."
SETUP_CONFIRM_STATE = "You cannot confirm this SetupIntent because it has a status of {status}."
SETUP_NO_PAYMENT_METHOD = (
    "You cannot confirm this SetupIntent because it's missing a payment method. Specify a "
    "`payment_method` when confirming it."
)
SETUP_CANCEL_STATE = (
    "You cannot cancel this SetupIntent because it has a status of {status}. Only a "
    "SetupIntent with one of the following statuses may be canceled: requires_payment_method, "
    "requires_confirmation, requires_action."
)

# Invoice payments (wordings of the refusals are the emulator's; the requires-action one is
# Stripe's error-codes page's)
INTENT_OWNED_BY_INVOICE = (
    "PaymentIntent {id} is the default payment of an invoice and can't be edited or canceled "
    "directly. Update, pay or void the invoice instead."
)
INVOICE_PAYMENT_REQUIRES_ACTION = (
    "This payment requires additional user action before it can be completed successfully. "
    "Payment can be completed using the PaymentIntent associated with the invoice. For more "
    "information, see https://stripe.com/docs/billing/subscriptions/overview#requires-action"
)
INTENT_ALREADY_ATTACHED = "PaymentIntent {id} is already attached to an invoice."
INTENT_OTHER_CUSTOMER = (
    "PaymentIntent {id} belongs to a different customer than the invoice. A payment attached "
    "to an invoice must be for the invoice's customer."
)
INTENT_OTHER_CURRENCY = (
    "PaymentIntent {id} is not in the invoice's currency ({currency})."
)
INTENT_ATTACH_CANCELED = "PaymentIntent {id} is canceled and can't be attached to an invoice."
INTENT_MORE_THAN_REMAINING = (
    "The amount of PaymentIntent {id} is greater than the invoice's amount remaining "
    "({remaining})."
)
INVOICE_ATTACH_STATE = (
    "You can only attach a payment to an open or uncollectible invoice; this invoice is "
    "{status}."
)

# Coupons, promotion codes, discounts (the emulator's wordings unless marked)
COUPON_NEEDS_DISCOUNT = "You must pass either `percent_off` or `amount_off`."
COUPON_BOTH_DISCOUNTS = "You may only pass one of `percent_off` and `amount_off`."
COUPON_PERCENT_RANGE = "`percent_off` must be larger than 0 and at most 100."
COUPON_NEEDS_CURRENCY = "You must pass `currency` when passing `amount_off`."
COUPON_OPTIONS_AMOUNT_ONLY = "`currency_options` can only be set on an `amount_off` coupon."
COUPON_OPTION_DEFAULT = (
    "`currency_options[{currency}]` repeats the coupon's own currency; set `amount_off` "
    "instead."
)
COUPON_NEEDS_MONTHS = "You must pass `duration_in_months` when `duration` is `repeating`."
COUPON_MONTHS_REPEATING_ONLY = (
    "`duration_in_months` can only be set when `duration` is `repeating`."
)
COUPON_REDEEM_BY_PAST = "`redeem_by` must be in the future."
COUPON_REDEEM_BY_FAR = "`redeem_by` can be at most 5 years in the future."
COUPON_NOT_VALID = "Coupon {id} is no longer valid."
COUPON_CURRENCY_MISMATCH = (
    "Coupon {id} has no amount off in {currency}, the currency of what it would discount."
)
PROMOTION_CODE_CHARS = (
    "Invalid code: {value} (letters, digits and dashes, at most 500 characters)."
)
PROMOTION_CODE_TAKEN = "An active promotion code with the code {code} already exists."
PROMOTION_MINIMUM_PAIR = (
    "`restrictions[minimum_amount]` and `restrictions[minimum_amount_currency]` go together."
)
PROMOTION_EXPIRES_AFTER_COUPON = (
    "`expires_at` can't be later than the coupon's `redeem_by`."
)
PROMOTION_MAX_ABOVE_COUPON = (
    "`max_redemptions` can't be greater than the coupon's `max_redemptions`."
)
PROMOTION_CANNOT_REACTIVATE = (
    "Promotion code {id} can't be reactivated: its coupon is no longer valid, it has expired "
    "or its redemptions are used up."
)
PROMOTION_CODE_INACTIVE = "This promotion code ({code}) is not active."
PROMOTION_CODE_OTHER_CUSTOMER = "This promotion code ({code}) is for another customer."
PROMOTION_CODE_FIRST_TIME = (
    "This promotion code ({code}) is for first-time customers only."
)
PROMOTION_CODE_MINIMUM = (
    "This promotion code ({code}) requires a larger minimum amount."
)
TOO_MANY_DISCOUNTS = "You can pass at most {most} discounts."
DISCOUNT_ONE_OF = "Each discount takes exactly one of `coupon`, `discount` or `promotion_code`."
DISCOUNT_NOT_REUSABLE = (
    "Discount {id} is not a discount of this object or of one it belongs to."
)
DISCOUNT_DUPLICATE = (
    "Coupon {coupon} is applied more than once (a coupon and a promotion code of the same "
    "coupon count as the same)."
)

# Credit notes (the emulator's wordings unless marked)
CREDIT_NOTE_INVOICE_STATE = (
    "Credit notes can only be issued for finalized invoices that are open, paid or "
    "uncollectible; invoice {id} is {status}."
)
CREDIT_NOTE_NEEDS_AMOUNT = "One of `amount`, `lines`, or `shipping_cost` must be provided."
CREDIT_NOTE_QUANTITY = (
    "The quantity credited for line item {line} is more than remains to credit ({left})."
)
CREDIT_NOTE_LINE_AMOUNT = (
    "The amount credited for line item {line} is more than remains to credit ({left})."
)
CREDIT_NOTE_QUANTITY_OR_AMOUNT = (
    "An `invoice_line_item` line takes either a `quantity` or an `amount`."
)
CREDIT_NOTE_CUSTOM_AMOUNT = (
    "A `custom_line_item` line takes its credit as `unit_amount` (or `unit_amount_decimal`) "
    "and `quantity`, not a flat `amount`."
)
CREDIT_NOTE_AMOUNT_MISMATCH = (
    "`amount` must equal the total of the credit note's lines ({total})."
)
CREDIT_NOTE_NOT_POSITIVE = "The total amount of the credit note must be positive."
CREDIT_NOTE_TOO_MUCH = (
    "The sum of all credit notes cannot exceed the invoice's total amount: {left} remains to "
    "credit."
)
CREDIT_NOTE_POST_SUM = (
    "The sum of refunds, customer balance credits, and outside of Stripe credits must equal "
    "the post_payment_amount ({post}); it is {covered}."
)
CREDIT_NOTE_NO_CHARGE = (
    "Invoice {id} was not paid through Stripe, so there is no charge to refund."
)
CREDIT_NOTE_REFUND_TOO_MUCH = "`refund_amount` is more than the charge has left to refund ({left})."
CREDIT_NOTE_REFUND_OTHER = "Refund {id} is not a refund of this invoice's payment."
CREDIT_NOTE_ALREADY_VOID = "Credit note {id} is already void."
CREDIT_NOTE_VOID_STATE = (
    "You can only void a credit note if the associated invoice is open; credit note {id}'s "
    "invoice is {status}."
)
PROMOTION_CODE_ITEM_MINIMUM = (
    "This promotion code ({code}) has an amount restriction and can't be applied to an "
    "invoice item."
)

# Documents and branding
BRANDING_COLOR = "`primary_color` must be a colour such as #635bff."
BRANDING_LOGO = (
    "`logo` must be a data: URL of a PNG or JPEG image (data:image/png;base64,…), at most "
    "{most} characters."
)
