"""Every emulated resource; importing this package declares them all."""

from ..api.resource import RESOURCES
from . import customers  # noqa: F401

__all__ = ["RESOURCES"]
