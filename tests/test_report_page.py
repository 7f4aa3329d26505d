"""The HTML report loads in headless Chromium with no console errors and renders the matrices."""
import glob
import os
import shutil
import subprocess
import tempfile

import pytest

from padvec.html_report import render_html
from padvec.report import load_reports
from padvec.spec import load_all, repo_root

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian package chromium missing: install with `make chromium` "
                             "(apt-get install -y chromium chromium-driver)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--enable-logging=stderr", "--v=0"]


def _chromium(url, *extra):
    profile = tempfile.mkdtemp(prefix="padvec-chromium-")
    try:
        return subprocess.run([CHROMIUM] + FLAGS + ["--user-data-dir=" + profile] + list(extra)
                              + [url], capture_output=True, text=True, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _console(stderr):
    return [ln for ln in stderr.splitlines() if ":CONSOLE" in ln]


def _reports():
    found = sorted(glob.glob(os.path.join(repo_root(), "build", "conformance", "*.json")))
    if found:
        return load_reports(found)
    # No conformance run yet (unit-only run): a small synthetic result keeps the page honest.
    return [{"system": "pytorch", "adapter": "pytorch", "versions": {"torch": "x"},
             "seconds": 1.0, "results": [{"op": "conv", "status": "pass", "slug": "a"},
                                         {"op": "conv", "status": "deviation", "slug": "b",
                                          "deviation": "d"}]}]


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(_reports(), load_all(), date="test"))
    return path


def test_page_is_self_contained(page):
    text = page.read_text()
    assert "http://" not in text.replace("http://www.w3.org", "") and "src=" not in text
    assert 'id="padvec-data"' in text


@needs_chromium
def test_page_loads_without_console_errors_and_renders(page, tmp_path):
    res = _chromium(page.as_uri(), "--dump-dom")
    assert res.returncode == 0, res.stderr[-2000:]
    assert _console(res.stderr) == []
    dom = res.stdout
    assert 'data-rendered="yes"' in dom
    assert "tensorflow:SAME" in dom and "onnx:SAME_LOWER" in dom       # disagreement matrix
    assert "[0,0,x,x,x,x,x,x,x,x,0]" in dom                           # the pictures
    shot = tmp_path / "report.png"
    res = _chromium(page.as_uri(), "--window-size=1400,2400", "--screenshot=%s" % shot)
    assert res.returncode == 0 and shot.exists() and shot.stat().st_size > 50000
    out = os.path.join(repo_root(), "build", "report.png")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    shutil.copy(shot, out)   # kept for a person to look at


@needs_chromium
def test_console_errors_are_detected(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<html><body><script>undefinedFn();</script></body></html>")
    res = _chromium(bad.as_uri(), "--dump-dom")
    assert any("undefinedFn" in ln for ln in _console(res.stderr))
