# stripe-emulator as a sidecar: docker run -p 12111:12111 stripe-emulator
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY server ./server
RUN pip install --no-cache-dir . && useradd --system emulator
USER emulator
EXPOSE 12111
HEALTHCHECK --interval=10s --timeout=3s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:12111/_emulator/health')"
CMD ["stripe-emulator", "--host", "0.0.0.0", "--port", "12111"]
