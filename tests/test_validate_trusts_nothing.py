"""`padvec validate` catches every single-field tampering it can recompute, whether or not the
tamperer also re-hashed the file's manifest entry; fields only the spec determines are left to
`generate --check` (docs/design.md, "What validate proves")."""
import copy
import json
import os
import random

import pytest

from helpers import REPO, make_root, padvec
from padvec.validate import file_problems, validate_tree
from padvec.vectors import case_line, sha256_bytes


def _bump(value):
    """+1 on the first integer of a nested list (or the value itself)."""
    if isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (list, int)) and not isinstance(v, bool) and (
                    not isinstance(v, list) or v):
                value[i] = _bump(v)
                return value
        return value
    return value + 1 if isinstance(value, int) else value


def _computed(c):
    return c["expect"]["result"] in ("valid", "acceptable")


# kind -> (applies to this case?, mutate in place)
TAMPERS = {
    "id": (lambda c: True, lambda c: c.update(id=c["id"][:-1] + ("0" if c["id"][-1] != "0"
                                                                   else "1"))),
    "padding": (lambda c: True, lambda c: c.update(padding=c["padding"] + "x")),
    "options": (lambda c: True, lambda c: c["options"].update(extra_option=1)),
    "pads": (lambda c: c["pads"] is not None, lambda c: c["pads"][0].__setitem__(0, c["pads"][0][0] + 1)),
    "pads-null": (lambda c: c["pads"] is None, lambda c: c.update(pads=[[0, 0]] * len(c["input_shape"]))),
    "input_shape": (lambda c: True, lambda c: _bump(c["input_shape"])),
    "kernel_shape": (lambda c: True, lambda c: _bump(c["kernel_shape"])),
    "stride": (lambda c: True, lambda c: _bump(c["stride"])),
    "dilation": (lambda c: True, lambda c: _bump(c["dilation"])),
    "input": (lambda c: True, lambda c: _bump(c["input"])),
    "kernel": (lambda c: c["kernel"] is not None, lambda c: _bump(c["kernel"])),
    "flip_kernel": (lambda c: c["flip_kernel"] is not None and c["kernel"] is not None,
                    lambda c: c.update(flip_kernel=not c["flip_kernel"])),
    "result": (lambda c: True, lambda c: c["expect"].update(
        result="rejected" if _computed(c) else "valid")),
    "expect.pads-shift": (lambda c: _computed(c) and any(b != a for b, a in c["expect"]["pads"]),
                          lambda c: c["expect"]["pads"].reverse() if len(c["expect"]["pads"]) > 1
                          and c["expect"]["pads"][0] != c["expect"]["pads"][1]
                          else c["expect"]["pads"].__setitem__(0, c["expect"]["pads"][0][::-1])),
    "expect.pads": (_computed, lambda c: _bump(c["expect"]["pads"])),
    "expect.output_shape": (_computed, lambda c: _bump(c["expect"]["output_shape"])),
    "expect.output": (lambda c: _computed(c) and _has_cells(c["expect"]["output"]),
                      lambda c: c["expect"].update(output=_bump_output(c["expect"]["output"]))),
    "expect.max_abs_partial_sum": (_computed, lambda c: c["expect"].update(
        max_abs_partial_sum=c["expect"]["max_abs_partial_sum"] + 1)),
    # include vs exclude only differ where a window reads padding (with no padding the file
    # cannot tell them apart: the spec does; see docs/design.md).
    "expect.divisor": (lambda c: c["expect"].get("divisor") in ("include_pad", "exclude_pad")
                       and any(b > 0 for b, _ in c["expect"]["pads"])
                       and 0 not in c["expect"]["output_shape"],
                       lambda c: c["expect"].update(divisor={"include_pad": "exclude_pad"}.get(
                           c["expect"]["divisor"], "include_pad"))),
    "expect.pad_value": (lambda c: c["expect"].get("pad_value") is not None
                         and any(b > 0 or a > 0 for b, a in c["expect"]["pads"]),
                         lambda c: c["expect"].update(
                             pad_value={"zero": "edge"}.get(c["expect"]["pad_value"], "zero"))),
    "flags": (lambda c: True, lambda c: c["flags"].append("NoSuchFlag")),
}


def _has_cells(out):
    return isinstance(out, list) and any(_has_cells(v) if isinstance(v, list) else True
                                         for v in out)


def _bump_output(out):
    flat = json.dumps(out)
    out = json.loads(flat)
    def first_int(v):
        if isinstance(v, list):
            for i, x in enumerate(v):
                if isinstance(x, int) or (isinstance(x, list) and first_int(x)):
                    if isinstance(x, int):
                        v[i] = x + 7
                    return True
            return False
        return False
    if not first_int(out):   # only tokens: swap one for a number
        def first(v):
            return first(v[0]) if isinstance(v[0], list) else v
        first(out)[0] = 0 if first(out)[0] != 0 else "-inf"
    return out


def _rewrite(text, index, case):
    lines = text.split("\n")
    at = [i for i, ln in enumerate(lines) if ln.startswith('    {"')][index]
    comma = "," if lines[at].endswith(",") else ""
    lines[at] = "    " + case_line(case) + comma
    return "\n".join(lines)


def _write(root, rel, text, rehash):
    with open(os.path.join(root, rel), "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    if rehash:
        mpath = os.path.join(root, "vectors", "manifest.json")
        with open(mpath) as f:
            manifest = json.load(f)
        manifest["files"][rel] = sha256_bytes(text.encode())
        with open(mpath, "w") as f:
            f.write(json.dumps(manifest, sort_keys=True, indent=2) + "\n")


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    root = make_root(tmp_path_factory.mktemp("tamper"))
    assert padvec("generate", root=root).returncode == 0
    assert validate_tree(str(root)) == []
    snap = {}
    for dirpath, _, names in os.walk(root / "vectors"):
        for name in names:
            p = os.path.join(dirpath, name)
            snap[os.path.relpath(p, root)] = open(p, "rb").read()
    return root, snap


def _restore(root, snap):
    for rel, blob in snap.items():
        with open(os.path.join(root, rel), "wb") as f:
            f.write(blob)


@pytest.mark.parametrize("rehash", [False, True])
def test_every_recomputable_field_tampering_is_caught(pristine, rehash):
    root, snap = pristine
    rng = random.Random(7)
    tried = {k: 0 for k in TAMPERS}
    for rel in sorted(r for r in snap if r.startswith("vectors/mini/")):
        text = snap[rel].decode()
        cases = json.loads(text)["cases"]
        for kind, (applies, mutate) in TAMPERS.items():
            candidates = [i for i, c in enumerate(cases) if applies(c)]
            for index in rng.sample(candidates, min(2, len(candidates))):
                case = copy.deepcopy(cases[index])
                mutate(case)
                if case == cases[index]:
                    continue
                _write(root, rel, _rewrite(text, index, case), rehash)
                problems = validate_tree(str(root))
                _restore(root, snap)
                assert problems, "%s on %s case %d not caught (rehash=%s)" % (
                    kind, rel, index, rehash)
                tried[kind] += 1
    assert all(tried.values()), tried   # every field kind was exercised


@pytest.mark.parametrize("rehash", [False, True])
def test_dropped_case_with_fixed_count_is_caught(pristine, rehash):
    root, snap = pristine
    rel = "vectors/mini/conv.json"
    lines = snap[rel].decode().split("\n")
    at = [i for i, ln in enumerate(lines) if ln.startswith('    {"')]
    del lines[at[3]]
    text = "\n".join(lines)
    n = len(at)
    text = text.replace('"number_of_cases": %d' % n, '"number_of_cases": %d' % (n - 1))
    _write(root, rel, text, rehash)
    problems = validate_tree(str(root))
    _restore(root, snap)
    assert any("case_ids" in p or "sha256" in p for p in problems), problems


def test_unlisted_extra_missing_and_temp_files_are_reported(pristine):
    root, snap = pristine
    (root / "vectors" / "mini" / "extra.json").write_text("{}\n")
    (root / "vectors" / "mini" / ".padvec-x1y2").write_text("half")
    os.unlink(root / "vectors" / "mini" / "pad.json")
    problems = "\n".join(validate_tree(str(root)))
    os.unlink(root / "vectors" / "mini" / "extra.json")
    os.unlink(root / "vectors" / "mini" / ".padvec-x1y2")
    _restore(root, snap)
    assert "vectors/mini/extra.json: on disk but not listed" in problems
    assert "vectors/mini/extra.json: schema" in problems or "unknown schema" in problems
    assert "vectors/mini/.padvec-x1y2: temp file" in problems
    assert "vectors/mini/pad.json: listed in the manifest but missing" in problems


def test_emptied_manifest_is_not_valid(pristine):
    root, snap = pristine
    mpath = root / "vectors" / "manifest.json"
    manifest = json.loads(mpath.read_text())
    manifest["files"] = {}
    mpath.write_text(json.dumps(manifest))
    problems = validate_tree(str(root))
    _restore(root, snap)
    assert any("not listed in the manifest" in p for p in problems)


@pytest.mark.parametrize("rel", ["vectors/onnx/conv.json", "vectors/keras-theano/conv_transpose.json"])
def test_deviation_outputs_are_rechecked(rel):
    with open(os.path.join(REPO, rel), encoding="utf-8") as f:
        text = f.read()
    assert file_problems(REPO, rel, text) == []
    cases = json.loads(text)["cases"]
    hits = [(i, c) for i, c in enumerate(cases)
            if any(d["expect"]["result"] == "valid" for d in c["deviations"])]
    assert hits
    for i, c in hits[:5]:
        for field in ("output", "pads", "output_shape"):
            bad = copy.deepcopy(c)
            dev = [d for d in bad["deviations"] if d["expect"]["result"] == "valid"][0]
            value = dev["expect"][field]
            if not _has_cells(dev["expect"]["output"]):
                continue   # an empty output: its pads are the spec's word only
            dev["expect"][field] = _bump_output(value) if field == "output" else _bump(value)
            assert file_problems(REPO, rel, _rewrite(text, i, bad)), (field, c["id"])
