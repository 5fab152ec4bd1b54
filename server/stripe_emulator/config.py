"""What a server is started with."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 12111  # stripe-mock's port, so the emulator is a drop-in


@dataclass(frozen=True)
class Config:
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    log_level: str = "info"
    seed: int | None = None  # seeds the id generator: the same ids on every run
    forward_to: str | None = None  # an all-events webhook endpoint every account gets
    forward_secret: str | None = None  # its signing secret
    webhook_retry_schedule: tuple[float, ...] = (5.0, 60.0, 600.0)  # seconds before retries
    webhook_timeout: float = 10.0
    data: str | None = None  # an SQLite file that keeps every account (none: memory only)
    fixtures: tuple[str, ...] = ()  # Stripe CLI fixture files every new account starts with
    public_url: str | None = None  # the base of the links the server writes (hosted pages)
    log_format: str = "text"  # or "json": one object per line
    port_file: str | None = None  # where the bound port is written once listening
    dashboard_all_accounts: bool = False  # the dashboard may show any account, picked

    @property
    def access_log(self) -> bool:
        return self.log_level.lower() in ("debug", "info")
