"""padvec harness protocol v1: the messages between `padvec check` and an implementation.

An implementation is a command: JSON requests one per line on its stdin, one JSON reply per line
on its stdout (flushed per line), free text on stderr. Full text: docs/harness.md; the messages'
JSON Schema: docs/harness-v1.schema.json (`validate_reply` checks replies against it).

For Python implementations, `serve(info, run_case)` speaks the whole protocol:

    from padvec.check.protocol import serve, Unsupported
    def run_case(system, op, case):      # -> numpy array (the output), or raise
        ...
    serve({"name": "mylib", "version": "1.0", "language": "python", ...}, run_case)

An exception raised by run_case is the implementation's rejection ("rejected", class name and
message), except `Unsupported` (the harness cannot express the case) and `Errored` (a bug in the
harness itself).
"""
import json
import math
import os
import sys
import traceback

VERSION = 1
STATUSES = ("ok", "rejected", "unsupported", "errored")
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))), "docs", "harness-v1.schema.json")
INFO_REQUIRED = ("name", "version", "language", "homepage", "issues", "systems", "ops")


class ProtocolError(Exception):
    """The implementation broke the protocol (bad JSON, wrong seq, a malformed reply)."""


class Unsupported(Exception):
    """Raised by a Python implementation's run_case: the harness cannot express this case."""


class Errored(Exception):
    """Raised by a Python implementation's run_case: a bug in the harness, not a rejection."""


# -- requests (padvec -> implementation) ----------------------------------------------------

def start_request():
    return {"cmd": "start", "version": VERSION}


def run_request(seq, system, op, case):
    return {"cmd": "run", "seq": seq, "system": system, "op": op, "case": case}


def stop_request():
    return {"cmd": "stop"}


def dumps(message):
    """One protocol line (no newline inside: JSON with default separators, ASCII only)."""
    return json.dumps(message, sort_keys=True, ensure_ascii=True)


# -- numbers on the wire ----------------------------------------------------------------------

def encode_output(values):
    """Nested floats -> JSON-safe nested numbers; -inf/inf/nan as strings, integers as ints."""
    if isinstance(values, (list, tuple)):
        return [encode_output(v) for v in values]
    if hasattr(values, "tolist"):
        return encode_output(values.tolist())
    value = float(values)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return int(value) if value.is_integer() and abs(value) < 2 ** 53 else value


# -- replies (implementation -> padvec) -------------------------------------------------------

_VALIDATORS = {}


def _validator(definition):
    """One compiled validator per message kind (compiling per reply costs ~30 ms)."""
    if definition not in _VALIDATORS:
        import jsonschema  # the library padvec validates vectors with
        with open(SCHEMA_PATH) as f:
            defs = json.load(f)["$defs"]
        schema = {"$ref": "#/$defs/%s" % definition, "$defs": defs}
        _VALIDATORS[definition] = jsonschema.Draft202012Validator(schema)
    return _VALIDATORS[definition]


def _validate(message, definition):
    import jsonschema
    try:
        _validator(definition).validate(message)
    except jsonschema.ValidationError as exc:
        where = "/".join(str(p) for p in exc.absolute_path) or "(top)"
        raise ProtocolError("%s reply invalid at %s: %s" % (definition, where, exc.message))


def parse_line(line):
    """Bytes or text of one stdout line -> a JSON object; ProtocolError if it is not one."""
    if isinstance(line, bytes):
        line = line.decode("utf-8", "replace")
    try:
        message = json.loads(line)
    except ValueError as exc:
        raise ProtocolError("not JSON (%s): %r" % (exc, line[:200]))
    if not isinstance(message, dict):
        raise ProtocolError("not a JSON object: %r" % (line[:200],))
    return message


def validate_start_reply(message):
    """The reply to start: the version padvec speaks and the implementation's metadata."""
    _validate(message, "start_reply")
    if message["version"] != VERSION:
        raise ProtocolError("implementation speaks protocol version %r, padvec speaks %d"
                            % (message["version"], VERSION))
    return message["implementation"]


def validate_run_reply(message, seq):
    """The reply to run `seq`; ProtocolError on a wrong seq or a malformed reply."""
    if message.get("seq") != seq:
        raise ProtocolError("reply has seq %r, expected %r" % (message.get("seq"), seq))
    _validate(message, "run_reply")
    if message["status"] == "ok":
        shape = [int(v) for v in message["shape"]]
        got = _array_shape(message["output"])
        # Nested lists cannot show the dims after an empty one: compare up to the first 0.
        want = shape[:shape.index(0) + 1] if 0 in shape else shape
        if got != want:
            raise ProtocolError("output of shape %s does not match the reply's shape %s"
                                % (got, shape))
    return message


def _array_shape(nested):
    """Shape of a nested output list; 'ragged' when the rows differ in length."""
    from ..compare import to_float_array
    try:
        return list(to_float_array(nested).shape)
    except ValueError:
        return "ragged"


# -- the implementation side, for Python harnesses ---------------------------------------------

def _answer(seq, system, op, case, run_case):
    try:
        y = run_case(system, op, case)
    except Unsupported as exc:
        return {"seq": seq, "status": "unsupported", "message": str(exc)}
    except Errored as exc:
        return {"seq": seq, "status": "errored", "message": str(exc),
                "traceback": traceback.format_exc()[-4000:]}
    except Exception as exc:  # the implementation under test raised: it refused the case
        return {"seq": seq, "status": "rejected", "exception": type(exc).__name__,
                "message": str(exc)[:4000]}
    try:
        import numpy as np
        arr = np.asarray(y, dtype=np.float64)
        return {"seq": seq, "status": "ok", "shape": list(arr.shape),
                "output": encode_output(arr.tolist())}
    except Exception as exc:
        return {"seq": seq, "status": "errored", "message": "cannot encode the output: %s" % exc,
                "traceback": traceback.format_exc()[-4000:]}


def serve(info, run_case, stdin=None, stdout=None):
    """Answer protocol requests until `stop` or EOF. The implementation's own prints go to
    stderr: fd 1 is kept for the protocol alone."""
    if stdout is None:
        stdout = os.fdopen(os.dup(1), "w")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
    stdin = stdin or sys.stdin
    for line in stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        cmd = request.get("cmd")
        if cmd == "start":
            if request.get("version") != VERSION:
                sys.stderr.write("padvec protocol version %r is not %d\n"
                                 % (request.get("version"), VERSION))
                return 2
            reply = {"version": VERSION, "implementation": info}
        elif cmd == "run":
            reply = _answer(request["seq"], request["system"], request["op"], request["case"],
                            run_case)
        elif cmd == "stop":
            return 0
        else:
            reply = {"seq": request.get("seq"), "status": "errored",
                     "message": "unknown command %r" % (cmd,)}
        stdout.write(dumps(reply) + "\n")
        stdout.flush()
    return 0
