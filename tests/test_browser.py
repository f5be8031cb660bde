"""Open the lessons in a real JupyterLab, in headless Chromium, and use the widgets as a learner.

Starts ``jupyter lab`` on a free port with a random token in a temporary copy of ``lessons/``,
runs all cells of lessons 05, 03 and 07, types into the plan builder, the live analyser and the
role-play call, and checks that feedback, replies and chart images appear. Screenshots go to
``test-artifacts/``. Needs Debian's Chromium at /usr/bin/chromium (``make browser`` installs
it); the test fails, rather than skips, when it is missing.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
JUPYTER = Path(sys.executable).parent / "jupyter"
START_TIMEOUT = 90          # seconds for the server to answer
CELL_TIMEOUT = 120_000      # ms for all cells to run and the widgets to render
UI_TIMEOUT = 60_000         # ms for a widget to react to a click

PLAN = [
    "How do your supervisors track unplanned stops on the Stockton fillers today?",
    "Where do the fillers lose the most time during a shift?",
    "What usually causes the jams on Filler 2?",
    "What happens to the weekly production plan when a changeover overruns?",
    "How does filler downtime affect your Saturday overtime?",
    "What did last summer's shortfall cost you with the grocery customer?",
    "What does an untrusted OEE number do to the case for the new filler?",
    "What is scrap at Reno costing you a year?",
    "If unplanned stops on the fillers halved, what would that be worth to the plant?",
    "How would a like-for-like OEE across the plants change the capital decision?",
    "How long does a flavour changeover take against your standard?",
]

# Lab settings for a quiet, deterministic UI: no news fetching, every cell rendered.
SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=3) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {START_TIMEOUT}s:\n{_tail(log)}")


def _tail(log: Path, n: int = 40) -> str:
    try:
        return "\n".join(log.read_text("utf-8", "replace").splitlines()[-n:])
    except OSError:
        return "(no server log)"


def _stop(proc: subprocess.Popen) -> None:
    """Stop the server we started (and the kernels it started, in its process group)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@contextmanager
def jupyter_lab(tmp: Path) -> Iterator[tuple[str, str]]:
    root = tmp / "course"
    shutil.copytree(ROOT / "lessons", root / "lessons",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    settings = tmp / "settings"
    for name, value in SETTINGS.items():
        plugin, file = name.rsplit("/", 1)
        (settings / plugin).mkdir(parents=True, exist_ok=True)
        (settings / plugin / file).write_text(json.dumps(value), "utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"), "JUPYTER_PLATFORM_DIRS": "1",
           "PYTHONUNBUFFERED": "1"}
    env.pop("KIT_DATA_DIR", None)
    log = tmp / "jupyter.log"
    cmd = [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
           f"--ServerApp.token={token}", f"--ServerApp.root_dir={root / 'lessons'}",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={tmp / 'ws'}",
           "--LabApp.news_url=None", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        cmd.append("--allow-root")
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for_server(f"{base}/api/status?token={token}", proc, log)
        yield base, token
    except BaseException:
        print(_tail(log))
        raise
    finally:
        _stop(proc)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: the browser tests need Debian's chromium "
                    "(run `make browser`, or `apt-get install chromium`)", pytrace=False)
    with jupyter_lab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open_and_run_all(browser, lab, notebook: str):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    base, token = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(UI_TIMEOUT)
    # ?reset starts from an empty workspace, so only this notebook is open
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}", wait_until="domcontentloaded",
              timeout=UI_TIMEOUT)
    page.get_by_role("tab", name=re.compile(re.escape(notebook[:20]))).first.wait_for(
        timeout=CELL_TIMEOUT)
    panel = page.locator(".jp-NotebookPanel:visible").first
    panel.locator(".jp-Cell").first.wait_for(timeout=CELL_TIMEOUT)
    # the kernel must be idle before we run anything
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=CELL_TIMEOUT)
    # Run > Run All Cells; a click that lands before the kernel is connected is lost, so
    # retry until an execution count or a busy prompt shows that cells really ran.
    started = panel.locator(".jp-InputPrompt", has_text=re.compile(r"\[(\d+|\*)\]"))
    for _attempt in range(6):
        panel.locator(".jp-Cell").first.click()
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
        try:
            started.first.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        pytest.fail(f"{notebook}: Run All Cells never started the kernel")
    return page, panel


def _shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=False)
    return path


def _has_loaded_image(locator) -> bool:
    return locator.evaluate("img => img.complete && img.naturalWidth > 100")


def test_plan_builder_in_lesson_05(browser, lab):
    page, panel = _open_and_run_all(browser, lab, "05-building-a-question-plan.ipynb")
    try:
        builder = panel.locator(".kit-plan-builder").first
        builder.wait_for(state="visible", timeout=CELL_TIMEOUT)
        area = builder.locator("textarea")
        area.click()
        area.fill("\n".join(PLAN[:-1]) + "\n")
        area.press_sequentially(PLAN[-1], delay=5)  # the last line typed key by key
        builder.locator(".kit-plan-count").get_by_text("11 questions").wait_for()
        builder.locator(".kit-score-button").click()
        feedback = builder.locator(".kit-feedback .kit-plan-score")
        feedback.wait_for(state="visible", timeout=UI_TIMEOUT)
        assert "/100" in feedback.inner_text()
        assert "Feedback" in feedback.inner_text()
        images = builder.locator(".kit-chart img")
        images.first.wait_for(state="visible", timeout=UI_TIMEOUT)
        assert images.count() == 3
        assert all(_has_loaded_image(images.nth(i)) for i in range(3))
        builder.locator(".kit-chart").scroll_into_view_if_needed()
        _shot(page, "lesson05-plan-builder-charts.png")
        feedback.scroll_into_view_if_needed()
        _shot(page, "lesson05-plan-builder.png")
        text = panel.inner_text()
        assert "Traceback" not in text
    except BaseException:
        _shot(page, "lesson05-failure.png")
        raise
    finally:
        page.close()


def test_live_analyser_in_lesson_03(browser, lab):
    page, panel = _open_and_run_all(browser, lab, "03-from-features-to-outcomes.ipynb")
    try:
        analyser = panel.locator(".kit-question-analyzer").first
        analyser.wait_for(state="visible", timeout=CELL_TIMEOUT)
        panel.locator(".kit-feature-rewriter").first.wait_for(state="visible",
                                                             timeout=CELL_TIMEOUT)
        box = analyser.locator(".kit-analysis-input input")
        box.click()
        box.press_sequentially("<b>Did</b> you know our dashboards refresh every five seconds?",
                               delay=5)
        box.press("Enter")
        result = analyser.locator(".kit-analysis-output .kit-analysis")
        result.wait_for(state="visible", timeout=UI_TIMEOUT)
        text = analyser.locator(".kit-analysis-output").inner_text()
        assert "product" in text
        assert "<b>Did</b>" in text  # learner markup shows as text, not as HTML
        box.fill("What happens to your Saturday schedule when a filler goes down?")
        analyser.locator(".kit-analyze-button").click()
        analyser.locator(".kit-analysis-output").get_by_text("operations").first.wait_for(
            timeout=UI_TIMEOUT)
        assert "business" in analyser.locator(".kit-analysis-output").inner_text()
        analyser.scroll_into_view_if_needed()
        _shot(page, "lesson03-analyser.png")
    except BaseException:
        _shot(page, "lesson03-failure.png")
        raise
    finally:
        page.close()


def test_roleplay_in_lesson_07(browser, lab):
    page, panel = _open_and_run_all(browser, lab, "07-role-play-a-first-call.ipynb")
    try:
        call = panel.locator(".kit-roleplay").first
        call.wait_for(state="visible", timeout=CELL_TIMEOUT)
        meter = call.locator(".kit-interest-meter")
        assert meter.is_visible() and call.locator(".kit-minutes-meter").is_visible()
        assert "45" in call.locator(".kit-interest-label").inner_text()
        box = call.locator(".kit-roleplay-input input")
        box.click()
        box.press_sequentially("How do your supervisors track unplanned stops on the Stockton "
                               "fillers today?", delay=5)
        call.locator(".kit-ask-button").click()
        replies = call.locator(".kit-roleplay-transcript .kit-bubble-prospect")
        replies.first.wait_for(state="visible", timeout=UI_TIMEOUT)
        assert "40 minutes a shift" in replies.first.inner_text()
        assert "Operations" in call.locator(".kit-turn-info").inner_text()
        assert meter.is_visible()
        call.locator(".kit-interest-label").get_by_text("49").wait_for(timeout=UI_TIMEOUT)
        box.fill("What does <b>filler downtime</b> mean for your Saturday overtime?")
        box.press("Enter")  # Enter asks too
        replies.nth(1).wait_for(state="visible", timeout=UI_TIMEOUT)
        chat = call.locator(".kit-roleplay-transcript").inner_text()
        assert "<b>filler downtime</b>" in chat  # learner markup shows as text
        call.locator(".kit-end-button").click()
        verdict = call.locator(".kit-debrief .kit-verdict")
        verdict.wait_for(state="visible", timeout=UI_TIMEOUT)
        debrief = call.locator(".kit-debrief").inner_text()
        assert "Pains uncovered" in debrief and "Minutes by domain" in debrief
        image = call.locator(".kit-chart img")
        image.first.wait_for(state="visible", timeout=UI_TIMEOUT)
        assert _has_loaded_image(image.first)
        call.locator(".kit-debrief").scroll_into_view_if_needed()
        _shot(page, "lesson07-roleplay-debrief.png")
        call.locator(".kit-chart").scroll_into_view_if_needed()
        _shot(page, "lesson07-roleplay-chart.png")
        call.locator(".kit-roleplay-transcript").scroll_into_view_if_needed()
        _shot(page, "lesson07-roleplay-chat.png")
        assert "Traceback" not in panel.inner_text()
    except BaseException:
        _shot(page, "lesson07-failure.png")
        raise
    finally:
        page.close()
