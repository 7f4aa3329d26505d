"""Self-check of the committed suite: schemas, manifest hashes, unique ids, lint."""
import json
import multiprocessing
import os

from .fastschema import load_schemas
from .flags import NOTES
from .recheck import Recheck, nested_shape as _shape
from .vectors import FORMAT_VERSION, case_ids_digest, SCHEMA_FOR_OP, TEMP_PREFIX, sha256_bytes, vectors_dir


def _disk_files(root):
    """Every file under vectors/ (relative, '/'-separated), whatever its name."""
    found = []
    for dirpath, dirnames, names in os.walk(vectors_dir(root)):
        dirnames.sort()
        for name in names:
            found.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/"))
    return sorted(found)


def _spec_files(root):
    sdir = os.path.join(root, "spec")
    if not os.path.isdir(sdir):
        return []
    return sorted("spec/" + f for f in os.listdir(sdir) if f.endswith(".yaml"))


def _is_vector_file(rel):
    parts = rel.split("/")
    return len(parts) == 3 and parts[1] != "schema" and parts[2].endswith(".json") \
        and not parts[2].startswith(".")


def validate_tree(root):
    """Everything `validate` proves (docs/design.md): the tree on disk agrees with the
    manifest and every vector file agrees with itself. Trusts no listing: walks the disk."""
    problems = []
    schemas = load_schemas(os.path.join(vectors_dir(root), "schema"))
    mpath = os.path.join(root, "vectors", "manifest.json")
    try:
        with open(mpath, encoding="utf-8") as f:
            manifest = json.load(f)
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        return ["vectors/manifest.json: cannot read: %s" % exc]
    problems += manifest_shape_problems(manifest)
    disk = _disk_files(root)
    listed = {}
    for section in ("files", "specs", "schemas"):
        entries = manifest.get(section)
        if isinstance(entries, dict):
            listed.update(entries)
    # Every listed file exists with its hash; every file on disk is listed (or is the
    # manifest itself); temp files of an interrupted write are named as such.
    contents = {}
    for rel in sorted(set(disk) | set(listed) | set(_spec_files(root))):
        name = rel.rsplit("/", 1)[-1]
        if name.startswith(TEMP_PREFIX):
            problems.append("%s: temp file left by an interrupted `padvec generate`: delete it"
                            % rel)
            continue
        if rel == "vectors/manifest.json":
            continue
        blob = _read(root, rel)
        if blob is None:
            problems.append("%s: listed in the manifest but missing" % rel)
            continue
        contents[rel] = blob
        digest = listed.get(rel)
        if digest is None:
            problems.append("%s: on disk but not listed in the manifest" % rel)
        elif sha256_bytes(blob) != digest:
            problems.append("%s: sha256 differs from the manifest" % rel)
    vector_files = []
    for rel in sorted(contents):
        if rel == "vectors/pad-modes.json":
            problems += _json_problems(rel, contents[rel])
        elif _is_vector_file(rel):
            vector_files.append(rel)
        elif rel.startswith("vectors/") and not rel.startswith("vectors/schema/"):
            problems.append("%s: not a vector file (vectors/<system>/<op>.json)" % rel)
    case_ids = manifest.get("case_ids") if isinstance(manifest.get("case_ids"), dict) else {}
    _SHARED.update(contents=contents, schemas=schemas, case_ids=case_ids)
    try:
        results = _map_files(vector_files)
    finally:
        _SHARED.clear()
    seen_ids = {}
    for rel, (file_problems_, ids) in zip(vector_files, results):
        problems += file_problems_
        for cid in ids:   # across files (within one file, _lint_file reports it)
            if cid in seen_ids and seen_ids[cid] != rel:
                problems.append("%s: duplicate id %s (also in %s)" % (rel, cid, seen_ids[cid]))
            seen_ids.setdefault(cid, rel)
    return problems


_SHARED = {}   # what forked workers read (inherited, not pickled)


def _map_files(rels):
    """(problems, ids) per file, over the machine's cores like generate (fork: the parsed
    schemas and file contents are inherited)."""
    from .generate import _workers
    jobs = _workers(len(rels))
    if jobs > 1:
        # Largest first, so the workers finish together.
        order = sorted(range(len(rels)), key=lambda i: -len(_SHARED["contents"][rels[i]]))
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            done = dict(zip(order, pool.map(_check_file, [rels[i] for i in order],
                                            chunksize=1)))
        return [done[i] for i in range(len(rels))]
    return [_check_file(rel) for rel in rels]


def _check_file(rel):
    blob = _SHARED["contents"][rel]
    checker = _SHARED.setdefault("checker", Recheck())
    try:
        text = blob.decode("utf-8")
        doc = json.loads(text)
    except ValueError as exc:
        return ["%s: invalid JSON: %s" % (rel, exc)], []
    problems = _lint_file(rel, text, doc, _SHARED["schemas"], {}, checker)
    cases = doc.get("cases") if isinstance(doc, dict) else None
    ids = []
    if isinstance(cases, list) and all(isinstance(c, dict) and isinstance(c.get("id"), str)
                                       for c in cases):
        ids = [c["id"] for c in cases]
        if _SHARED["case_ids"].get(rel) != case_ids_digest(cases):
            problems.append("%s: its case ids differ from the manifest's case_ids record" % rel)
    return problems, ids


def file_problems(root, rel, text):
    """The per-file checks of validate_tree on one vector file's text (ids unique within it)."""
    schemas = load_schemas(os.path.join(vectors_dir(root), "schema"))
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return ["%s: invalid JSON: %s" % (rel, exc)]
    return _lint_file(rel, text, doc, schemas, {}, Recheck())


def manifest_shape_problems(manifest):
    problems = []
    for section in ("files", "specs", "schemas", "case_ids"):
        entries = manifest.get(section)
        if not isinstance(entries, dict) or not all(
                isinstance(v, str) and len(v) == 64 for v in entries.values()):
            problems.append("vectors/manifest.json: %r must map paths to sha256 hex digests"
                            % section)
    for section in ("environment", "conventions"):
        if not isinstance(manifest.get(section), dict):
            problems.append("vectors/manifest.json: %r must be an object (`padvec generate` "
                            "writes it)" % section)
    if manifest.get("format_version") != FORMAT_VERSION:
        problems.append("vectors/manifest.json: format_version must be %d" % FORMAT_VERSION)
    return problems


def _json_problems(rel, blob):
    try:
        json.loads(blob.decode("utf-8"))
    except ValueError as exc:
        return ["%s: invalid JSON: %s" % (rel, exc)]
    return []


def _read(root, rel):
    try:
        with open(os.path.join(root, rel), "rb") as f:
            return f.read()
    except (FileNotFoundError, IsADirectoryError):
        return None


def _lint_file(rel, text, doc, schemas, seen_ids, checker):
    if not isinstance(doc, dict):
        return ["%s: not a JSON object" % rel]
    schema = schemas.get(doc.get("schema")) if isinstance(doc.get("schema"), str) else None
    if schema is None:
        return ["%s: unknown schema %r" % (rel, doc.get("schema"))]
    if not schema.is_valid(doc):
        # Nothing below may assume the schema's shapes: report and stop here.
        return ["%s: schema: %s at %s%s" % (rel, msg, path, " (case %s)" % cid if cid else "")
                for cid, path, msg in schema.errors(doc)]
    problems = []
    system, op = rel.split("/")[1], rel.split("/")[2][:-len(".json")]
    if (doc["system"], doc["op"], doc["schema"]) != (system, op, SCHEMA_FOR_OP.get(op)):
        problems.append("%s: system/op/schema %s/%s/%s do not match the path" % (
            rel, doc["system"], doc["op"], doc["schema"]))
        return problems
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
        if _shape(c.get("input")) != c.get("input_shape"):
            problems.append("%s: case %s input does not have input_shape" % (rel, cid))
        if c.get("kernel") is not None and _shape(c["kernel"]) != c.get("kernel_shape"):
            problems.append("%s: case %s kernel does not have kernel_shape" % (rel, cid))
        if c.get("kernel") is not None and _contains_zero(c["kernel"]):
            problems.append("%s: case %s has a zero kernel tap" % (rel, cid))
        problems += checker.case_problems(rel, op, system, c)
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


def _contains_zero(value):
    if isinstance(value, list):
        return any(_contains_zero(v) for v in value)
    return value == 0
