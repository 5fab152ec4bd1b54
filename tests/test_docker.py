"""The Docker image, without a Docker engine: the Dockerfile is hadolint-clean, and its own
CMD and HEALTHCHECK, run here with its ENV, serve and report healthy on the configured port."""

import asyncio
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _instructions() -> list[tuple[str, str]]:
    text = re.sub(r"\\\n", " ", DOCKERFILE)
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def _one(word: str) -> str:
    [value] = [rest for w, rest in _instructions() if w == word]
    return value


def _env() -> dict[str, str]:
    env = {}
    for word, rest in _instructions():
        if word == "ENV":
            for key, value in re.findall(r"(\w+)=(\S+)", rest):
                env[key] = value
    return env


def test_hadolint_is_clean():
    result = subprocess.run([shutil.which("hadolint") or "hadolint", str(ROOT / "Dockerfile")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_is_what_a_sidecar_needs():
    assert re.fullmatch(r"python:3\.11\.\d+-slim-\w+", _one("FROM"))  # slim, pinned
    assert re.fullmatch(r"\d+:\d+", _one("USER")) and not _one("USER").startswith("0")
    assert json.loads(_one("VOLUME")) == ["/data"] and _one("EXPOSE") == "12111"
    env = _env()
    assert env["STRIPE_EMULATOR_DATA"].startswith("/data/")
    assert (env["STRIPE_EMULATOR_HOST"], env["STRIPE_EMULATOR_PORT"]) == ("0.0.0.0", "12111")
    health = _one("HEALTHCHECK")
    assert "12111" not in health and json.loads(health.split("CMD", 1)[1])  # exec form
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".ci-venv", "tests", "**/__pycache__"} <= set(ignored)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_its_command_and_health_check_follow_the_configured_port(tmp_path):
    port = _free_port()
    env = {**os.environ, **_env(), "STRIPE_EMULATOR_PORT": str(port),
           "STRIPE_EMULATOR_DATA": str(tmp_path / "emulator.db"),
           "STRIPE_EMULATOR_FIXTURES": str(ROOT / "fixtures" / "customers.json")}
    cmd = json.loads(_one("CMD"))
    health = json.loads(_one("HEALTHCHECK").split("CMD", 1)[1])
    exe = {"stripe-emulator": [sys.executable, "-m", "stripe_emulator"],
           "python": [sys.executable]}
    proc = await asyncio.create_subprocess_exec(
        *exe[cmd[0]], *cmd[1:], env=env, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        banner = (await asyncio.wait_for(proc.stdout.readline(), 30)).decode()
        assert f"listening on http://0.0.0.0:{port}" in banner
        checked = await asyncio.create_subprocess_exec(*exe[health[0]], *health[1:], env=env)
        assert await asyncio.wait_for(checked.wait(), 10) == 0
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.wait_for(proc.communicate(), 20)
    assert proc.returncode == 0
    assert (tmp_path / "emulator.db").exists()  # the data went to the configured file
    stopped = await asyncio.create_subprocess_exec(*exe[health[0]], *health[1:], env=env,
                                                   stderr=asyncio.subprocess.PIPE)
    assert await asyncio.wait_for(stopped.wait(), 10) == 1
