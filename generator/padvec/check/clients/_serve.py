"""The harness protocol v1 loop (docs/harness.md) shared by every client implementation.

A client supplies `describe()` (the `implementation` object of the start reply) and
`run(system, op, case)` (the spatial output as a numpy array). Inside `run`, every call into the
tool under test is wrapped in `with tool():` so that the loop can tell the three failure kinds
apart without guessing from exception classes:

  * an exception raised inside `tool()`   -> `rejected` (the converter/runtime refused the case);
  * `Unsupported` raised anywhere         -> `unsupported` (the client cannot express the case);
  * any other exception                   -> `errored` (a bug in the client itself).

Only the standard library, numpy and padvec.check.protocol (stdlib only) are used, so the loop
runs in any client virtualenv.
"""
import contextlib
import json
import sys
import traceback

import numpy as np

from ..protocol import encode_output

PROTOCOL_VERSION = 1


class Unsupported(Exception):
    """The client cannot express this case in the tool's terms."""


class ToolRaised(Exception):
    """The tool under test raised `original` (carried to the reply as `rejected`)."""

    def __init__(self, original):
        super().__init__(str(original))
        self.original = original


@contextlib.contextmanager
def tool():
    """Mark the calls into the tool under test: what they raise is the tool's rejection."""
    try:
        yield
    except (Unsupported, ToolRaised):
        raise
    except BaseException as exc:  # noqa: B902 - the tool may raise anything, SystemExit included
        if isinstance(exc, KeyboardInterrupt):
            raise
        raise ToolRaised(exc) from exc


def dynamic_flag(argv=None):
    """A client's one command-line option: --dynamic (convert once with symbolic sizes)."""
    argv = sys.argv[1:] if argv is None else argv
    unknown = [a for a in argv if a != "--dynamic"]
    if unknown:
        raise SystemExit("unknown argument(s): %s (only --dynamic)" % " ".join(unknown))
    return "--dynamic" in argv


def _reply(out, obj):
    out.write(json.dumps(obj, allow_nan=False) + "\n")
    out.flush()


def _run_one(client, request):
    seq = request.get("seq")
    try:
        y = np.asarray(client.run(request["system"], request["op"], request["case"]))
        return {"seq": seq, "status": "ok", "shape": list(y.shape), "output": encode_output(y)}
    except Unsupported as exc:
        return {"seq": seq, "status": "unsupported", "message": str(exc)}
    except ToolRaised as exc:
        orig = exc.original
        return {"seq": seq, "status": "rejected", "exception": type(orig).__name__,
                "message": str(orig)[:2000]}
    except Exception as exc:  # a bug in this client, reported as such
        return {"seq": seq, "status": "errored", "message": "%s: %s" % (type(exc).__name__, exc),
                "traceback": traceback.format_exc()}


def serve(client, stdin=None, stdout=None):
    """Answer protocol requests until `stop` or end of input."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    for line in stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        cmd = request.get("cmd")
        if cmd == "start":
            _reply(stdout, {"version": PROTOCOL_VERSION, "implementation": client.describe()})
        elif cmd == "run":
            _reply(stdout, _run_one(client, request))
        elif cmd == "stop":
            return
        else:
            _reply(stdout, {"seq": request.get("seq"), "status": "errored",
                            "message": "unknown cmd %r" % (cmd,), "traceback": ""})


def main(client):
    """Entry point of a client module: keep stdout for the protocol, tool chatter to stderr."""
    # Converters print progress and native code may write to fd 1: the protocol gets a private
    # duplicate of fd 1, and fd 1 itself (and sys.stdout) goes to stderr.
    import os
    sys.stdout.flush()
    protocol_out = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    serve(client, sys.stdin, protocol_out)
