"""The built wheel works with no clone: fresh venv (no system site-packages), installed from the
wheel, run from a temporary directory outside the repo: the README's consumer snippet, the CLI
and the pytest helper. (issue 11 item 1)"""
import os
import subprocess
import sys
import textwrap
import zipfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PINS = os.path.join(ROOT, "requirements", "core.txt")
DEPS = ("numpy", "pyyaml", "jsonschema", "pytest")


def _run(cmd, cwd, **kw):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    r = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, **kw)
    assert r.returncode == 0, "%s\n%s\n%s" % (" ".join(cmd), r.stdout[-3000:], r.stderr[-3000:])
    return r.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", str(out), ROOT], cwd=str(out))
    (path,) = [os.path.join(out, f) for f in os.listdir(out) if f.endswith(".whl")]
    return path


def test_wheel_carries_spec_vectors_schemas_and_license(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for want in ("padvec/_data/spec/schema.json", "padvec/_data/spec/tensorflow.yaml",
                 "padvec/_data/vectors/manifest.json", "padvec/_data/vectors/tensorflow/conv.json",
                 "padvec/_data/vectors/schema/conv.schema.json"):
        assert want in names, want
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if "/.padvec-" in n]
    specs = {os.path.relpath(os.path.join(d, f), ROOT)
             for d, _, files in os.walk(os.path.join(ROOT, "spec")) for f in files
             if f.endswith(".yaml")}   # system specs and spec/clients/known.yaml
    assert {n[len("padvec/_data/"):] for n in names if n.startswith("padvec/_data/spec/")
            and n.endswith(".yaml")} == specs


def test_fresh_venv_from_outside_the_repo(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=str(tmp_path))
    py = str(venv / "bin" / "python")
    pins = [line.strip() for line in open(PINS)
            if line.strip() and not line.startswith("#")
            and line.split("==")[0].lower() in DEPS]
    _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel] + pins,
         cwd=str(tmp_path))
    work = tmp_path / "elsewhere"
    work.mkdir()
    snippet = textwrap.dedent("""
        import padvec
        cases = padvec.load("tensorflow", "conv")
        assert cases and "expect" in cases[0], cases[:1]
        r = padvec.explain("onnx", op="conv", padding="SAME_LOWER", input=[8], kernel=[4])
        assert r["pads"] == [[2, 1]] and r["output_shape"] == [8], r
        assert "site-packages" in padvec.__file__, padvec.__file__
        print("snippet ok")
    """)
    assert "snippet ok" in _run([py, "-c", snippet], cwd=str(work))
    cli = str(venv / "bin" / "padvec")
    assert "tensorflow" in _run([cli, "list"], cwd=str(work))
    out = _run([cli, "explain", "tensorflow", "--op", "conv", "--padding", "SAME",
                "--input", "8", "--kernel", "4"], cwd=str(work))
    assert "pad 1 before, 2 after" in out, out
    (work / "test_consumer.py").write_text(textwrap.dedent("""
        from padvec.compare import to_float_array
        from padvec.pytest_plugin import Ledger, parametrize_vectors, run_case
        ledger = Ledger()

        def echo(op, case):   # answers what the case expects: proves load + judge, not a conv
            return to_float_array(case["expect"]["output"]).reshape(case["expect"]["output_shape"])

        def valid_only(case):
            return None if case["expect"]["result"] == "valid" else "echo answers valid cases"

        @parametrize_vectors("tensorflow", "max_pool", ledger=ledger, skip=valid_only)
        def test_case(op, case):
            run_case(echo, op, case, ledger=ledger, rejects=(ValueError,))

        def test_complete():
            ledger.assert_complete()
    """))
    out = _run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_consumer.py"],
               cwd=str(work))
    assert " passed" in out and "failed" not in out, out


def test_sdist_carries_the_data_and_builds_the_wheel(tmp_path):
    """The sdist (PEP 517 build_sdist) holds spec/, vectors/ and LICENSE, and a wheel built
    from the unpacked sdist alone still carries padvec/_data."""
    import tarfile
    out = tmp_path / "dist"
    code = ("import sys; from setuptools import build_meta as b; "
            "print(b.build_sdist(sys.argv[1]))")
    name = _run([sys.executable, "-c", code, str(out)], cwd=ROOT).strip().splitlines()[-1]
    with tarfile.open(out / name) as tar:
        members = tar.getnames()
        top = members[0].split("/")[0]
        for want in ("LICENSE", "spec/schema.json", "vectors/manifest.json",
                     "vectors/schema/conv.schema.json", "setup.py"):
            assert "%s/%s" % (top, want) in members, want
        tar.extractall(tmp_path / "src", filter="data")
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
          "-w", str(wheels), str(tmp_path / "src" / top)], cwd=str(tmp_path))
    (whl,) = list(wheels.iterdir())
    assert "padvec/_data/vectors/tensorflow/conv.json" in zipfile.ZipFile(whl).namelist()
