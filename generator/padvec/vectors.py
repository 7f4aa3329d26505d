"""Canonical, diff-friendly vector files, the manifest, and atomic writes of changed files only."""
import hashlib
import json
import os
import tempfile

from .flags import NOTES

FORMAT_VERSION = 1
TEMP_PREFIX = ".padvec-"     # write_atomic's temp files: left behind only by a killed run
SCHEMA_FOR_OP = {op: "%s.schema.json" % op for op in ("conv", "conv_transpose", "max_pool",
                                                      "avg_pool", "pad")}


def vectors_dir(root):
    return os.path.join(root, "vectors")


def case_line(case):
    return json.dumps(case, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def render_file(spec, op, cases):
    """One case per line inside a sorted-key envelope: a spec edit diffs as a few lines."""
    used = sorted({f for c in cases for f in c["flags"]})
    notes = {f: spec.flags[f] if f in spec.flags else
             {"description": NOTES[f][0], "effect": NOTES[f][1]} for f in used}
    head = {
        "format_version": FORMAT_VERSION,
        "notes": notes,
        "number_of_cases": len(cases),
        "op": op,
        "schema": SCHEMA_FOR_OP[op],
        "sources": spec.sources,
        "spec": "spec/%s.yaml" % spec.id,
        "system": spec.id,
        "title": spec.title,
        "verified": bool(spec.runtimes),
        "runtimes": [r.get("name", r["adapter"]) for r in spec.runtimes],
        "versions": spec.versions,
    }
    if spec.unverified:
        head["unverified"] = spec.unverified
    head_text = json.dumps(head, sort_keys=True, indent=2, ensure_ascii=False)
    # "cases" sorts first; splice it in after the opening brace.
    lines = ",\n".join("    " + case_line(c) for c in cases)
    body = '{\n  "cases": [\n%s\n  ],\n%s' % (lines, head_text[2:]) if cases else \
        '{\n  "cases": [],\n%s' % head_text[2:]
    return body + "\n"


def sha256_bytes(blob):
    return hashlib.sha256(blob).hexdigest()


def case_ids_digest(cases):
    """sha256 of a file's case ids in order: the manifest's record of which cases it holds."""
    return sha256_bytes("\n".join(c["id"] for c in cases).encode())


def render_manifest(files, specs, schemas, environment, conventions, case_ids):
    """files/specs/schemas: sha256 per path; environment: generator source digest and
    library versions; conventions: per system, the digest of what other files read of it;
    case_ids: per vector file, case_ids_digest (a re-hashed file entry alone does not hide
    an added or dropped case)."""
    manifest = {
        "case_ids": case_ids,
        "conventions": conventions,
        "environment": environment,
        "format_version": FORMAT_VERSION,
        "files": files,
        "schemas": schemas,
        "specs": specs,
    }
    return json.dumps(manifest, sort_keys=True, indent=2) + "\n"


def write_atomic(path, text):
    """Write via a temp file in the same directory and rename: readers never see half a file."""
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_text(path):
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except FileNotFoundError:
        return None
