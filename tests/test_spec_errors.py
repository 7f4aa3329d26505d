"""A broken spec names file, line and key, exits 2, and leaves vectors/ untouched."""
import pytest

from helpers import make_root, padvec, tree_snapshot

BREAKAGES = [
    # (description, replace old, with new, expected line, text that must appear)
    ("bad yaml", "    ranks: [1, 2]\n", "    ranks: [1, 2\n", None, "invalid YAML"),
    ("unknown key", "    ranks: [1, 2]\n", "    ranks: [1, 2]\n    rnaks: [1]\n", 10,
     "ops.conv.rnaks: schema: unknown key 'rnaks'"),
    ("bad formula", "          out: (n - keff) // s + 1\n", "          out: (n - keff) / s + 1\n",
     26, "ops.conv.paddings.VALID.rule.out"),
    ("division by zero", "          out: (n - keff) // s + 1\n",
     "          out: (n - keff) // (s - s) + 1\n", 26,
     "ops.conv.paddings.VALID.rule.out: division by zero"),
    ("unknown name", "          before: total // 2\n          after: total - before\n      SAME_LOWER",
     "          before: totl // 2\n          after: total - before\n      SAME_LOWER", 16,
     "ops.conv.paddings.SAME.rule.before: unknown name 'totl'"),
    ("missing rule key", "          before: 0\n          after: 0\n",
     "          before: 0\n", 25, "'after' is a required property"),
    ("duplicate key", "          before: 0\n          after: 0\n",
     "          before: 0\n          before: 1\n          after: 0\n", 28, "duplicate key"),
    ("wrong id", "id: mini\n", "id: other\n", 1, "must equal the file name"),
    ("unknown source", "        source: notes\n", "        source: nowhere\n", 12,
     "unknown source id 'nowhere'"),
]


@pytest.mark.parametrize("name, old, new, line, text", BREAKAGES, ids=[b[0] for b in BREAKAGES])
def test_broken_spec_is_reported_and_changes_nothing(tmp_path, name, old, new, line, text):
    root = make_root(tmp_path)
    assert padvec("generate", root=root).returncode == 0
    snap = tree_snapshot(root)
    spec = root / "spec" / "mini.yaml"
    src = spec.read_text()
    assert old in src, name
    spec.write_text(src.replace(old, new, 1))
    res = padvec("generate", root=root)
    assert res.returncode == 2, res.stdout + res.stderr
    assert "mini.yaml" in res.stderr and text in res.stderr, res.stderr
    if line is not None:
        assert "mini.yaml:%d:" % line in res.stderr, res.stderr
    assert tree_snapshot(root) == snap
    check = padvec("generate", "--check", root=root)
    assert check.returncode == 2
