"""spec -> cases -> vectors: compute everything in memory first, then write what changed.

Nothing under vectors/ is touched unless every spec loaded and every case computed, so a bad
spec leaves the committed vectors exactly as they were.
"""
import json
import multiprocessing
import os

from . import digests
from .speccache import load_all
from .vectors import (TEMP_PREFIX, case_ids_digest, render_file, render_manifest, read_text, sha256_bytes, vectors_dir,
                      write_atomic)


_SHARED = {}


def _render_spec(index):
    from .cases import Builder, Conventions   # numpy and friends: only when rendering
    specs = _SHARED["specs"]
    conventions = _SHARED.setdefault("conventions", Conventions(specs))
    spec = specs[index]
    return {"vectors/%s/%s.json" % (spec.id, op): (render_file(spec, op, cases),
                                                   case_ids_digest(cases))
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
    if root is None:
        from .spec import repo_root
        root = repo_root()
    specs = specs if specs is not None else load_all(os.path.join(root, "spec"))
    outputs, ids = _render_specs(specs, range(len(specs)))
    from .modes import render as render_modes
    outputs["vectors/pad-modes.json"] = render_modes(specs)
    files = {p: sha256_bytes(t.encode()) for p, t in sorted(outputs.items())}
    outputs["vectors/manifest.json"] = _manifest(root, specs, files, ids)
    return outputs


def _manifest(root, specs, files, ids):
    spec_hashes = {"spec/%s.yaml" % s.id: s.sha256 for s in specs}
    return render_manifest(files, spec_hashes, digests.schema_hashes(root),
                           digests.environment(),
                           {s.id: digests.conventions_digest(s) for s in specs},
                           dict(sorted(ids.items())))


def _render_specs(specs, indices):
    """({path: text}, {path: case-ids digest}) of the vector files of specs[i] for i in
    indices (all specs are the comparison set of `distinguishes`)."""
    indices = list(indices)
    outputs = {}
    _SHARED.clear()
    _SHARED["specs"] = specs
    jobs = _workers(len(indices))
    if jobs > 1:
        # Largest specs first so the two workers finish together.
        order = sorted(indices, key=lambda i: -os.path.getsize(specs[i].path))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for part in pool.imap_unordered(_render_spec, order):
                outputs.update(part)
    else:
        for i in indices:
            outputs.update(_render_spec(i))
    _SHARED.clear()
    texts = {p: t for p, (t, _) in sorted(outputs.items())}
    return texts, {p: d for p, (_, d) in outputs.items()}


def plan(root):
    """(outputs, every path generation produces): what generation must produce, rendering as little as the
    manifest's content addresses allow.

    Unchanged inputs (spec, schema and generator-source hashes, output-affecting package
    versions) and output files whose hashes match: nothing is rendered but the manifest.
    Edited specs whose `ops` (all other specs read of them: `distinguishes`, pad-modes.json)
    are unchanged: only their files. Anything else: a full render."""
    known = _incremental(root)
    if known is not None:
        return known
    outputs = render_all(root)
    return outputs, set(outputs)


def _incremental(root):
    manifest = _read_manifest(root)
    if manifest is None:
        return None
    sdir = os.path.join(root, "spec")
    spec_hashes = digests.spec_hashes(sdir)
    if (manifest.get("environment") != digests.environment()
            or manifest.get("schemas") != digests.schema_hashes(root)
            or set(manifest.get("specs", {})) != set(spec_hashes)
            or not isinstance(manifest.get("conventions"), dict)
            or not isinstance(manifest.get("files"), dict)):
        return None
    edited = sorted(rel for rel, digest in spec_hashes.items() if manifest["specs"][rel] != digest)
    files = dict(manifest["files"])
    ids = manifest.get("case_ids")
    if not isinstance(ids, dict):
        return None
    ids = dict(ids)
    outputs = {}
    if edited:
        specs = load_all(sdir)
        by_path = {"spec/%s.yaml" % s.id: i for i, s in enumerate(specs)}
        for rel in edited:
            s = specs[by_path[rel]]
            if manifest["conventions"].get(s.id) != digests.conventions_digest(s):
                return None   # other systems' files read this spec's rules
            for path in [p for p in files if p.startswith("vectors/%s/" % s.id)]:
                del files[path]
                ids.pop(path, None)
        outputs, new_ids = _render_specs(specs, [by_path[rel] for rel in edited])
        ids.update(new_ids)
        from .modes import render as render_modes
        outputs["vectors/pad-modes.json"] = render_modes(specs)
        files.update({p: sha256_bytes(t.encode()) for p, t in outputs.items()})
        manifest_text = _manifest(root, specs, dict(sorted(files.items())), ids)
    else:
        manifest_text = render_manifest(files, manifest["specs"], manifest["schemas"],
                                         manifest["environment"], manifest["conventions"], ids)
    # Files not re-rendered must be byte-for-byte what the manifest recorded; if one is not,
    # its correct text is unknown without rendering it: fall back to a full render.
    for rel, digest in files.items():
        if rel in outputs:
            continue
        blob = _read_bytes(os.path.join(root, rel))
        if blob is None or sha256_bytes(blob) != digest:
            return None
    outputs["vectors/manifest.json"] = manifest_text
    return dict(sorted(outputs.items())), set(files) | {"vectors/manifest.json"}


def _read_manifest(root):
    try:
        with open(os.path.join(vectors_dir(root), "manifest.json"), encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError):
        return None
    return manifest if isinstance(manifest, dict) else None


def _read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return None


def stale_files(root, outputs, listed=None):
    """(changed or missing, extra) relative paths compared with what is on disk; `listed`:
    every path generation produces, when `outputs` holds only part of them."""
    changed = [p for p, t in sorted(outputs.items()) if read_text(os.path.join(root, p)) != t]
    listed = outputs if listed is None else listed
    extra = []
    vdir = vectors_dir(root)
    for dirpath, _, names in os.walk(vdir):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if name.startswith(TEMP_PREFIX):
                extra.append(rel)     # left by a killed write_atomic
                continue
            if rel.startswith("vectors/schema/") or not rel.endswith(".json"):
                continue
            if rel not in listed:
                extra.append(rel)
    return changed, sorted(extra)


def write(root, outputs, listed=None):
    """Rewrite only changed files; remove vector files no spec produces any more and temp
    files of an interrupted run."""
    changed, extra = stale_files(root, outputs, listed)
    # The manifest goes last, so a crash mid-way leaves it naming the old hashes (check fails).
    for rel in sorted(changed, key=lambda r: r.endswith("manifest.json")):
        write_atomic(os.path.join(root, rel), outputs[rel])
    for rel in extra:
        os.unlink(os.path.join(root, rel))
    return changed, extra
