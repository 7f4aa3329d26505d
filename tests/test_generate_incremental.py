"""`generate --check` proves an unchanged tree from the manifest's content addresses, re-renders
only an edited spec's files when other systems read nothing of it, and otherwise renders it
all; in every case the result is what a full render gives."""
import os
import shutil
import subprocess
import sys

from helpers import REPO, make_root, padvec
from padvec.generate import render_all
from padvec.digests import GENERATOR_MODULES


def _two_spec_root(tmp_path):
    root = make_root(tmp_path)
    shutil.copy(os.path.join(REPO, "spec", "nnapi.yaml"), root / "spec" / "nnapi.yaml")
    assert padvec("generate", root=root).returncode == 0
    return root


def _matches_full_render(root):
    full = render_all(str(root))
    for rel, text in full.items():
        with open(os.path.join(root, rel), encoding="utf-8", newline="") as f:
            assert f.read() == text, rel


def test_unchanged_tree_is_proven_without_rendering(tmp_path):
    root = _two_spec_root(tmp_path)
    res = padvec("generate", "--check", root=root)
    assert res.returncode == 0 and "up to date" in res.stdout, res.stdout + res.stderr
    # A tampered output is still caught by its hash, with inputs unchanged.
    conv = root / "vectors" / "nnapi" / "conv.json"
    conv.write_text(conv.read_text().replace("[1]", "[2]", 1))
    res = padvec("generate", "--check", root=root)
    assert res.returncode == 1 and "stale: vectors/nnapi/conv.json" in res.stdout
    assert padvec("generate", root=root).returncode == 0
    _matches_full_render(root)


def test_edit_outside_ops_re_renders_only_that_spec(tmp_path):
    root = _two_spec_root(tmp_path)
    spec = root / "spec" / "mini.yaml"
    spec.write_text(spec.read_text().replace("Minimal spec used", "Small spec used", 1))
    res = padvec("generate", "--check", root=root)
    assert res.returncode == 1
    assert "stale: vectors/mini/conv.json" in res.stdout and "nnapi" not in res.stdout
    res = padvec("generate", root=root)
    assert res.returncode == 0 and "nnapi" not in res.stdout
    _matches_full_render(root)
    assert padvec("generate", "--check", root=root).returncode == 0
    assert padvec("validate", root=root).returncode == 0


def test_edit_of_ops_falls_back_to_a_full_render(tmp_path):
    # nnapi's `distinguishes` lists mini's conventions: an edit of mini's rules reaches it.
    root = _two_spec_root(tmp_path)
    spec = root / "spec" / "mini.yaml"
    text = spec.read_text()
    assert "before: total // 2" in text
    spec.write_text(text.replace("before: total // 2", "before: total - total // 2", 1)
                    .replace("after: total - before", "after: total // 2", 1))
    assert padvec("generate", root=root).returncode == 0
    _matches_full_render(root)


def test_temp_files_are_reported_and_cleaned(tmp_path):
    root = _two_spec_root(tmp_path)
    tmp = root / "vectors" / "mini" / ".padvec-abc123"
    tmp.write_text("half a file")
    res = padvec("generate", "--check", root=root)
    assert res.returncode == 1 and ".padvec-abc123 (temp file" in res.stdout
    assert padvec("generate", root=root).returncode == 0
    assert not tmp.exists()


def test_generator_module_list_is_complete(tmp_path):
    """Every padvec module a render imports is hashed into the manifest's environment."""
    root = make_root(tmp_path)
    code = ("import sys; from padvec.generate import render_all; render_all(%r); "
            "print(' '.join(sorted(m[7:].replace('.', '/') + "
            "('/__init__' if hasattr(sys.modules[m], '__path__') else '') "
            "for m in sys.modules if m.startswith('padvec.'))))" % str(root))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=dict(os.environ, PADVEC_CACHE="off"), check=True).stdout.split()
    assert set(out) <= set(GENERATOR_MODULES), set(out) - set(GENERATOR_MODULES)


def test_spec_cache_is_keyed_by_content_and_survives_garbage(tmp_path, monkeypatch):
    from padvec import speccache
    monkeypatch.setenv("PADVEC_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "mini.yaml"
    shutil.copy(os.path.join(REPO, "tests", "fixtures", "spec", "mini.yaml"), path)
    first = speccache.load_spec(str(path))
    entries = list((tmp_path / "cache").iterdir())
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")           # a corrupt entry is recompiled
    assert speccache.load_spec(str(path)).title == first.title
    path.write_text(path.read_text().replace("Minimal spec", "Edited spec", 1))
    assert speccache.load_spec(str(path)).title.startswith("Edited spec")
