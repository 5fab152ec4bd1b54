"""Every emulated resource; importing this package declares them all."""

from . import customers  # noqa: F401
from ..api.resource import RESOURCES

__all__ = ["RESOURCES"]
