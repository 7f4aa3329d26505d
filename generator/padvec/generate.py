"""spec -> cases -> vectors: compute everything in memory first, then write what changed.

Nothing under vectors/ is touched unless every spec loaded and every case computed, so a bad
spec leaves the committed vectors exactly as they were.
"""
import multiprocessing
import os

from .cases import Builder, Conventions
from .spec import load_all, repo_root
from .vectors import (render_file, render_manifest, read_text, sha256_bytes, vectors_dir,
                      write_atomic)


_SHARED = {}


def _render_spec(index):
    specs = _SHARED["specs"]
    conventions = _SHARED.setdefault("conventions", Conventions(specs))
    spec = specs[index]
    return {"vectors/%s/%s.json" % (spec.id, op): render_file(spec, op, cases)
            for op, cases in Builder(spec, conventions).build().items()}


def _workers(count):
    """Use the machine's cores (CI has 2) via fork; the output does not depend on it."""
    if os.environ.get("PADVEC_JOBS"):
        return max(1, int(os.environ["PADVEC_JOBS"]))
    if count < 4 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1, 4)


def render_all(root=None, specs=None):
    """Return {relative path: text} for every vector file and the manifest."""
    root = root or repo_root()
    specs = specs if specs is not None else load_all(os.path.join(root, "spec"))
    outputs = {}
    _SHARED.clear()
    _SHARED["specs"] = specs
    jobs = _workers(len(specs))
    if jobs > 1:
        # Largest specs first so the two workers finish together.
        order = sorted(range(len(specs)), key=lambda i: -os.path.getsize(specs[i].path))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part in pool.imap_unordered(_render_spec, order):
                outputs.update(part)
    else:
        for i in range(len(specs)):
            outputs.update(_render_spec(i))
    _SHARED.clear()
    outputs = dict(sorted(outputs.items()))
    from .modes import render as render_modes
    outputs["vectors/pad-modes.json"] = render_modes(specs)
    files = {p: sha256_bytes(t.encode()) for p, t in sorted(outputs.items())}
    spec_hashes = {"spec/%s.yaml" % s.id: s.sha256 for s in specs}
    schema_dir = os.path.join(vectors_dir(root), "schema")
    schemas = {}
    for name in sorted(os.listdir(schema_dir)):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), "rb") as f:
                schemas["vectors/schema/" + name] = sha256_bytes(f.read())
    outputs["vectors/manifest.json"] = render_manifest(files, spec_hashes, schemas)
    return outputs


def stale_files(root, outputs):
    """(changed or missing, extra) relative paths compared with what is on disk."""
    changed = [p for p, t in sorted(outputs.items()) if read_text(os.path.join(root, p)) != t]
    extra = []
    vdir = vectors_dir(root)
    for dirpath, _, names in os.walk(vdir):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if rel.startswith("vectors/schema/") or not rel.endswith(".json"):
                continue
            if rel not in outputs:
                extra.append(rel)
    return changed, sorted(extra)


def write(root, outputs):
    """Rewrite only changed files; remove vector files no spec produces any more."""
    changed, extra = stale_files(root, outputs)
    # The manifest goes last, so a crash mid-way leaves it naming the old hashes (check fails).
    for rel in sorted(changed, key=lambda r: r.endswith("manifest.json")):
        write_atomic(os.path.join(root, rel), outputs[rel])
    for rel in extra:
        os.unlink(os.path.join(root, rel))
    return changed, extra
