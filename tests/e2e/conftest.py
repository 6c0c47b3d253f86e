"""A real `streamlit run` of app.py and a real Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.e2e import offline_cdn

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, data: Path | None = None):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if data is not None:
            env["FRONTLINE_DATA"] = str(data)
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"streamlit did not start:\n{Path(self.log.name).read_text()}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    s.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    missing = offline_cdn.missing()
    assert not missing, f"Leaflet/jQuery not installed for the offline CDN: {missing}; run `make test`"
    with sync_playwright() as p:
        if Path(CHROMIUM).exists():
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        else:  # `make test` installed Playwright's own Chromium where apt was not available
            b = p.chromium.launch(args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    offline_cdn.install(context)
    pg = context.new_page()
    yield pg
    context.close()


def map_frame(page):
    """The streamlit-folium iframe, once Leaflet has drawn the markers in it."""
    page.wait_for_selector("iframe[title*='streamlit_folium']", timeout=30_000)
    frame = page.frame_locator("iframe[title*='streamlit_folium']").first
    frame.locator("path.place").first.wait_for(timeout=30_000)
    return frame


def which_chromium() -> str:
    return CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium") or "playwright"
