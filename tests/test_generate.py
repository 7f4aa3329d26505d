"""Generation is deterministic, atomic, writes only what changed, and --check detects drift."""
import json
import os

from helpers import make_root, padvec, tree_snapshot


def test_generate_is_byte_identical_and_checkable(tmp_path):
    root = make_root(tmp_path)
    first = padvec("generate", root=root)
    assert first.returncode == 0, first.stderr
    snap1 = tree_snapshot(root)
    assert "vectors/mini/conv.json" in snap1 and "vectors/manifest.json" in snap1
    again = padvec("generate", root=root)
    assert again.returncode == 0
    assert "0 changed" in again.stdout          # nothing rewritten
    assert tree_snapshot(root) == snap1         # byte-identical
    check = padvec("generate", "--check", root=root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert padvec("validate", root=root).returncode == 0


def test_check_lists_stale_missing_and_extra(tmp_path):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    conv = root / "vectors" / "mini" / "conv.json"
    conv.write_text(conv.read_text().replace('"SAME"', '"SAME "', 1))
    os.unlink(root / "vectors" / "mini" / "avg_pool.json")
    (root / "vectors" / "mini" / "old.json").write_text("{}\n")
    res = padvec("generate", "--check", root=root)
    assert res.returncode == 1
    assert "stale: vectors/mini/conv.json" in res.stdout
    assert "missing: vectors/mini/avg_pool.json" in res.stdout
    assert "extra: vectors/mini/old.json" in res.stdout
    val = padvec("validate", root=root)
    assert val.returncode == 1 and "sha256 differs" in val.stdout


def test_only_changed_files_are_rewritten(tmp_path):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    pool = root / "vectors" / "mini" / "avg_pool.json"
    before = os.stat(pool).st_mtime_ns
    spec = root / "spec" / "mini.yaml"
    spec.write_text(spec.read_text().replace('"Keras on Theano fingerprint"',
                                             '"Keras on Theano fingerprint (edited)"'))
    res = padvec("generate", root=root)
    assert res.returncode == 0
    assert "wrote vectors/mini/conv.json" in res.stdout
    assert "avg_pool.json" not in res.stdout
    assert os.stat(pool).st_mtime_ns == before


def test_spec_edit_gives_small_diff(tmp_path):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    conv = root / "vectors" / "mini" / "conv.json"
    old = conv.read_text().splitlines()
    spec = root / "spec" / "mini.yaml"
    spec.write_text(spec.read_text().replace('"Keras on Theano fingerprint"', '"edited"'))
    assert padvec("generate", root=root).returncode == 0
    new = conv.read_text().splitlines()
    changed = [a for a, b in zip(old, new) if a != b]
    # Only the named case's line moves (spec hashes live in the manifest).
    assert len(old) == len(new) and len(changed) == 1, changed


def test_vector_file_shape(tmp_path):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    text = (root / "vectors" / "mini" / "conv.json").read_text()
    doc = json.loads(text)
    case_lines = [ln for ln in text.splitlines() if ln.startswith('    {"')]
    assert len(case_lines) == doc["number_of_cases"] == len(doc["cases"])
    for c in doc["cases"]:
        assert c["flags"] == sorted(c["flags"])
        for f in c["flags"]:
            assert f in doc["notes"]
    seed = [c for c in doc["cases"] if c["slug"] == "seed-ones"][0]
    assert seed["expect"]["output"] == [2, 3, 4, 4, 4, 4, 4, 3]
    assert seed["expect"]["pads"] == [[2, 1]]
    assert "mini:SAME" in seed["distinguishes"]
