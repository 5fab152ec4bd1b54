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

    @property
    def access_log(self) -> bool:
        return self.log_level.lower() in ("debug", "info")
