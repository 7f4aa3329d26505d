"""JSON Schema as the contract, evaluated fast: jsonschema-rs (compiled, in Rust) on whole
files, and the pure-Python jsonschema only to word the errors once the fast one has failed."""
import json
import os

import jsonschema_rs


class VectorSchema:
    """One vectors/schema/*.json: a compiled validator plus a readable slow path."""

    def __init__(self, schema, name):
        self.name = name
        self.schema = schema
        jsonschema_rs.meta.validate(schema)       # the schema itself is valid draft 2020-12
        self._fast = jsonschema_rs.validator_for(schema)
        self._slow = None

    def is_valid(self, doc):
        return self._fast.is_valid(doc)

    def errors(self, doc, limit=5):
        """(case id or None, JSON path, message) for the first `limit` errors, sorted by path.
        The slow validator words them; the fast one vouches when it finds any the slow one
        does not (e.g. a regex dialect difference)."""
        if self._slow is None:
            import jsonschema   # ~0.1 s import: only paid when a file is invalid
            self._slow = jsonschema.Draft202012Validator(self.schema)
        found = sorted(self._slow.iter_errors(doc), key=lambda e: list(map(str, e.path)))
        out = [(_case_id(doc, list(e.path)), _pointer(e.path), e.message[:200])
               for e in found[:limit]]
        if not out:
            for e in list(self._fast.iter_errors(doc))[:limit]:
                path = list(e.instance_path)
                out.append((_case_id(doc, path), _pointer(path), e.message[:200]))
        return out


def _pointer(path):
    return "/" + "/".join(map(str, path))


def _case_id(doc, path):
    if len(path) >= 2 and path[0] == "cases" and isinstance(path[1], int):
        try:
            case = doc["cases"][path[1]]
            return case.get("id") if isinstance(case, dict) else None
        except (IndexError, KeyError, TypeError):
            return None
    return None


def load_schemas(schema_dir):
    schemas = {}
    for name in sorted(os.listdir(schema_dir)):
        if name.endswith(".json"):
            with open(os.path.join(schema_dir, name), encoding="utf-8") as f:
                schemas[name] = VectorSchema(json.load(f), name)
    return schemas
