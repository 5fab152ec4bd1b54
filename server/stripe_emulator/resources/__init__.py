"""Every emulated resource; importing this package declares them all."""

from ..api.resource import RESOURCES
from . import (  # noqa: F401
    balance_transactions,
    customers,
    invoice_items,
    invoices,
    payment_methods,
    tax_ids,
    tax_rates,
)

__all__ = ["RESOURCES"]
