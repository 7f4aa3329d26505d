"""Self-check of the committed suite: schemas, manifest hashes, unique ids, lint."""
import json
import os

import jsonschema

from .flags import NOTES
from .vectors import sha256_bytes


def _load_schemas(root):
    schemas = {}
    sdir = os.path.join(root, "vectors", "schema")
    for name in sorted(os.listdir(sdir)):
        if name.endswith(".json"):
            with open(os.path.join(sdir, name)) as f:
                schema = json.load(f)
            jsonschema.Draft202012Validator.check_schema(schema)
            schemas[name] = jsonschema.Draft202012Validator(schema)
    return schemas


def _hash_of(root, rel):
    try:
        with open(os.path.join(root, rel), "rb") as f:
            return sha256_bytes(f.read())
    except FileNotFoundError:
        return None


def validate_tree(root):
    problems = []
    schemas = _load_schemas(root)
    mpath = os.path.join(root, "vectors", "manifest.json")
    try:
        with open(mpath) as f:
            manifest = json.load(f)
    except (OSError, ValueError) as exc:
        return ["vectors/manifest.json: cannot read: %s" % exc]
    for section in ("files", "specs", "schemas"):
        for rel, digest in sorted(manifest.get(section, {}).items()):
            actual = _hash_of(root, rel)
            if actual is None:
                problems.append("%s: listed in the manifest but missing" % rel)
            elif actual != digest:
                problems.append("%s: sha256 differs from the manifest" % rel)
    seen_ids = {}
    for rel in sorted(manifest.get("files", {})):
        if rel.endswith("pad-modes.json"):
            continue   # an index, not a vector file (its hash is checked above)
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            text = f.read()
        try:
            doc = json.loads(text)
        except ValueError as exc:
            problems.append("%s: invalid JSON: %s" % (rel, exc))
            continue
        problems += _lint_file(rel, text, doc, schemas, seen_ids)
    return problems


def _lint_file(rel, text, doc, schemas, seen_ids):
    problems = []
    validator = schemas.get(doc.get("schema"))
    if validator is None:
        return ["%s: unknown schema %r" % (rel, doc.get("schema"))]
    for err in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.path)))[:5]:
        problems.append("%s: schema: %s at %s" % (rel, err.message[:200],
                                                  "/".join(map(str, err.path))))
    cases = doc.get("cases", [])
    if doc.get("number_of_cases") != len(cases):
        problems.append("%s: number_of_cases %s != %d" % (rel, doc.get("number_of_cases"),
                                                          len(cases)))
    if not text.endswith("\n") or "\r" in text:
        problems.append("%s: must use \\n line ends and end with a newline" % rel)
    slugs = set()
    used_flags = set()
    for c in cases:
        cid = c.get("id")
        if cid in seen_ids:
            problems.append("%s: duplicate id %s (also in %s)" % (rel, cid, seen_ids[cid]))
        seen_ids[cid] = rel
        if c.get("slug") in slugs:
            problems.append("%s: duplicate slug %s" % (rel, c.get("slug")))
        slugs.add(c.get("slug"))
        for f in c.get("flags", []):
            used_flags.add(f)
            if f not in doc.get("notes", {}) and f not in NOTES:
                problems.append("%s: case %s uses undocumented flag %s" % (rel, cid, f))
        exp = c.get("expect", {})
        if exp.get("result") in ("valid", "acceptable"):
            if not _shape_matches(exp.get("output"), exp.get("output_shape")):
                problems.append("%s: case %s output does not have output_shape" % (rel, cid))
            if exp.get("max_abs_partial_sum", 0) >= 2 ** 24:
                problems.append("%s: case %s is not exact in float32" % (rel, cid))
        if exp.get("result") in ("valid", "acceptable") and doc.get("op") in (
                "conv", "max_pool", "avg_pool") and not {"CeilMode", "Overhang"} & set(c.get("flags", [])):
            # The effective-pads contract: a plain explicit-pad floor-mode op with
            # expect.pads gives exactly expect.output_shape.
            for a, (b, e) in enumerate(exp.get("pads", [])):
                keff = (c["kernel_shape"][a] - 1) * c["dilation"][a] + 1
                floor_out = (c["input_shape"][a] + b + e - keff) // c["stride"][a] + 1
                if max(floor_out, 0) != exp["output_shape"][a]:
                    problems.append("%s: case %s pads %s do not give output_shape %s on axis %d "
                                    "(floor gives %d)" % (rel, c["id"], exp["pads"],
                                                          exp["output_shape"], a, floor_out))
                    break
        if _shape(c.get("input")) != c.get("input_shape"):
            problems.append("%s: case %s input does not have input_shape" % (rel, cid))
        if c.get("kernel") is not None and _shape(c["kernel"]) != c.get("kernel_shape"):
            problems.append("%s: case %s kernel does not have kernel_shape" % (rel, cid))
        if c.get("kernel") is not None and _contains_zero(c["kernel"]):
            problems.append("%s: case %s has a zero kernel tap" % (rel, cid))
    for f in doc.get("notes", {}):
        if f not in used_flags:
            problems.append("%s: note %s is used by no case" % (rel, f))
    lines = text.split("\n")
    if len(cases) and sum(1 for ln in lines if ln.startswith('    {"')) != len(cases):
        problems.append("%s: not one case per line" % rel)
    return problems


def _shape_matches(value, shape):
    """An empty array's inner dims do not survive as JSON ([] for shape (0, 2)): compare up
    to the first zero."""
    got = _shape(value)
    if 0 in (shape or []):
        cut = shape.index(0) + 1
        return got == shape[:cut]
    return got == shape


def _shape(value):
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return shape


def _contains_zero(value):
    if isinstance(value, list):
        return any(_contains_zero(v) for v in value)
    return value == 0
