# stripe-emulator as a sidecar:
#   docker build -t stripe-emulator . && docker run -p 12111:12111 stripe-emulator
# Configured by the environment (STRIPE_EMULATOR_PORT, _FIXTURES, _SEED, …; see the README).
# State lives in /data (a volume); mount fixture files anywhere, e.g. -v ./seed:/fixtures:ro
# -e STRIPE_EMULATOR_FIXTURES=/fixtures/customers.json
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    STRIPE_EMULATOR_HOST=0.0.0.0 \
    STRIPE_EMULATOR_PORT=12111 \
    STRIPE_EMULATOR_DATA=/data/emulator.db

WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
COPY fixtures ./fixtures
RUN pip install --no-cache-dir . \
 && mkdir -p /data \
 && chown 10001:10001 /data

# a numeric, unprivileged user: no name to resolve, no root in the container
USER 10001:10001
VOLUME ["/data"]
EXPOSE 12111
# exec form: `python -m stripe_emulator.health` reads STRIPE_EMULATOR_PORT itself
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD ["python", "-m", "stripe_emulator.health"]
CMD ["stripe-emulator"]
