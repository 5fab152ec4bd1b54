"""`python -m stripe_emulator.health`: exit 0 when the server configured by the environment
answers its health check, 1 otherwise (the Docker image's HEALTHCHECK, which follows
STRIPE_EMULATOR_PORT without a shell)."""

from __future__ import annotations

import os
import sys
import urllib.request

from .config import DEFAULT_PORT


def main() -> int:
    host = os.environ.get("STRIPE_EMULATOR_HOST") or "127.0.0.1"
    if host in ("0.0.0.0", "::", ""):  # listening everywhere: ask it on loopback
        host = "127.0.0.1"
    port = os.environ.get("STRIPE_EMULATOR_PORT") or str(DEFAULT_PORT)
    if ":" in host:
        host = f"[{host}]"
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/health", timeout=3) as resp:
            return 0 if resp.status == 200 else 1
    except OSError as exc:
        sys.stderr.write(f"stripe-emulator health check failed: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
