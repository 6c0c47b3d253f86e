"""The Dockerfile, checked without Docker: its properties as written, and its start command run on this machine.

The container's command (ENV, ENTRYPOINT/CMD, as Docker would assemble them) is started from the repository root
with PORT set to a free port and the venv's bin first on PATH, i.e. what the image does minus the image.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import _free_port

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILE = ROOT / "Dockerfile"
START_TIMEOUT = 60  # s: generous, the machines are small and shared


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, with continuation lines joined and comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        if line.lstrip().startswith("#") or not line.strip():
            continue
        pending += line.strip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        name, _, args = pending.partition(" ")
        out.append((name.upper(), args.strip()))
        pending = ""
    return out


def argv(form: str) -> list[str]:
    """An ENTRYPOINT/CMD's command: the exec form's JSON array, or the shell form run by /bin/sh -c."""
    if form.startswith("["):
        return json.loads(form)
    return ["/bin/sh", "-c", form]


def last(parsed: list[tuple[str, str]], name: str) -> str | None:
    found = [args for n, args in parsed if n == name]
    return found[-1] if found else None


def env_of(parsed: list[tuple[str, str]]) -> dict[str, str]:
    """The ENV the image sets (KEY=VALUE form)."""
    env: dict[str, str] = {}
    for name, args in parsed:
        if name == "ENV":
            for word in shlex.split(args):
                key, _, value = word.partition("=")
                env[key] = value
    return env


def start_command(parsed: list[tuple[str, str]]) -> list[str]:
    """What `docker run IMAGE` executes: ENTRYPOINT followed by CMD (a shell-form ENTRYPOINT ignores CMD)."""
    entrypoint, cmd = last(parsed, "ENTRYPOINT"), last(parsed, "CMD")
    assert entrypoint or cmd, "the Dockerfile has neither ENTRYPOINT nor CMD"
    if entrypoint is None:
        return argv(cmd)
    if not entrypoint.startswith("["):
        return argv(entrypoint)
    return argv(entrypoint) + (argv(cmd) if cmd else [])


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    return instructions(DOCKERFILE.read_text())


def test_dockerfile_properties(dockerfile):
    text = DOCKERFILE.read_text().lower()
    base = last(dockerfile, "FROM")
    assert base and base.split()[0].split(":")[0] == "python" and "slim" in base, base

    user = last(dockerfile, "USER")
    assert user is not None, "the image must not run as root"
    assert user.split(":")[0] not in ("root", "0"), user

    health = last(dockerfile, "HEALTHCHECK")
    assert health and "/_stcore/health" in health and "urllib" in health, health
    assert "curl" not in health and "wget" not in health

    assert "8501" in (last(dockerfile, "EXPOSE") or "")
    for forbidden in ("chromium", "playwright", "requirements-dev"):
        assert forbidden not in text, f"{forbidden} in the Dockerfile"
    installs = [args for name, args in dockerfile if name == "RUN" and "pip install" in args]
    assert installs and all("-r requirements.txt" in args for args in installs), installs

    command = " ".join(start_command(dockerfile))
    for part in ("streamlit run app.py", "--server.address 0.0.0.0", "--server.headless true", "$PORT"):
        assert part in command.replace("${PORT:-8501}", "$PORT"), (part, command)


def get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.status, r.read()


def test_start_command_serves_the_app(dockerfile, tmp_path):
    port = _free_port()
    venv_bin = str(Path(sys.executable).parent)
    env = {**os.environ, **env_of(dockerfile), "PORT": str(port)}
    env["PATH"] = os.pathsep.join([venv_bin, os.environ.get("PATH", "")])
    log_path = tmp_path / "streamlit.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        start_command(dockerfile), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        health = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                health = get(f"{url}/_stcore/health")
                break
            except OSError:
                time.sleep(0.3)
        assert health == (200, b"ok"), f"no health within {START_TIMEOUT} s:\n{log_path.read_text()}"

        status, body = get(f"{url}/")
        assert status == 200 and b"<html" in body.lower()

        # The image's HEALTHCHECK, run as Docker would (shell form; the same PORT): it passes.
        check = last(dockerfile, "HEALTHCHECK").split(" CMD ", 1)[1]
        done = subprocess.run(argv(check), cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stderr
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
    assert proc.returncode in (0, -signal.SIGTERM), f"exit {proc.returncode}:\n{log_path.read_text()}"
