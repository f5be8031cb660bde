"""`make lab` serves the course: JupyterLab on the repository with the lessons in place."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_lab_serves_the_course() -> None:
    port, token = _free_port(), "kit-test-token"
    proc = subprocess.Popen(
        ["make", "-s", "lab", f"PORT={port}",
         f"LAB_ARGS=--no-browser --ServerApp.token={token} --ServerApp.ip=127.0.0.1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/lessons?token={token}"
        deadline = time.time() + 90
        listing = None
        while time.time() < deadline and listing is None:
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    listing = json.load(r)
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
                time.sleep(1)
        assert listing is not None, "JupyterLab did not answer within 90 s"
        names = {x["name"] for x in listing["content"]}
        assert "00-start-here.ipynb" in names and len(names) >= 8
        with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/lab/tree/lessons/00-start-here.ipynb?token={token}",
                timeout=10) as r:
            assert r.status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
