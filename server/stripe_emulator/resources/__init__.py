"""Every emulated resource; importing this package declares them all."""

from ..api.resource import RESOURCES
from . import balance_transactions, customers, payment_methods, tax_ids  # noqa: F401

__all__ = ["RESOURCES"]
