"""stripe-emulator: a stateful, Stripe-compatible API server for tests."""

__version__ = "0.1.0"

API_VERSION = "2026-10-28.endive"
