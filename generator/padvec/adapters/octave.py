"""padvec adapter: MATLAB conv / conv2 / filter2, run on GNU Octave (octave-cli).

One padvec case becomes one Octave statement, evaluated by a persistent `octave-cli` child
process (started on first use, restarted if it dies or stalls):

  * rank 1: the input and kernel are ROW vectors (1 x n, 1 x k); the 1 x out result is returned
    as a 1-D array; rank 2: matrices (rows = axis 0, columns = axis 1), no layout change;
  * option `function`: 0 = conv(u, v, shape) (u = input, v = kernel),
    1 = conv2(A, B, shape) (A = input, B = kernel), 2 = filter2(h, X, shape) (h = kernel,
    X = input: note the order);
  * shape = the case's padding: 'full' | 'same' | 'valid'.

MATLAB has no stride or dilation argument: when some s or d != 1 the adapter appends them as
two extra arguments (e.g. conv(u, v, 'same', [2], [1])) so that Octave answers for itself
("conv: function called with too many inputs" / "Invalid call to conv2").
Values travel as decimal integers (the vectors' data are small integers; Octave computes in
double, exact here) and come back printed with %.17g.

Protocol with the child (`octave-cli --no-line-editing ...`, reading commands from its piped
stdin, one line at a time): each request is ONE line, the statement wrapped in try/catch, that
prints `OK <dims...>` + one line of values (column-major, %.17g), or `ERR <message>`, then
`END`, and flushes. An Octave error is raised here as OctaveError(message). Every read has a
deadline (TIMEOUT_S); on a timeout, EOF or garbled answer the child is killed, restarted once
for the same call, and then the call raises, so the adapter never hangs (the padvec worker
also kills its whole process group on a hang). stderr (Octave warnings) is discarded.
"""
import atexit
import os
import select
import shutil
import subprocess
import time

import numpy as np
from _options import scalar as _scalar  # noqa: E402  (sibling module)

TIMEOUT_S = 60.0
FUNCTIONS = {0: "conv", 1: "conv2", 2: "filter2"}

# Each request is ONE line for Octave's own command loop (reading piped stdin line by line;
# fgetl(stdin) in a script would block until its input buffer fills).
_WRAP = ("try, y = []; %s fprintf('OK %%s\\n', sprintf('%%d ', size(y))); "
         "fprintf('%%s\\n', sprintf('%%.17g ', y(:))); "
         "catch err, fprintf('ERR %%s\\n', strrep(strrep(err.message, char(10), ' '), char(13), ' ')); "
         "end, fprintf('END\\n'); fflush(stdout);")


class OctaveError(Exception):
    """An error raised by Octave while evaluating the call (its message)."""


class OctaveProtocolError(RuntimeError):
    """The Octave child died, stalled, or answered something unexpected."""


_proc = None
_buf = b""
_version = None


def _binary():
    exe = os.environ.get("PADVEC_OCTAVE") or shutil.which("octave-cli") or shutil.which("octave")
    if not exe:
        raise OctaveProtocolError("octave-cli not found (apt-get install octave)")
    return exe


def _stop():
    global _proc, _buf
    p, _proc, _buf = _proc, None, b""
    if p is not None:
        try:
            p.stdin.close()
        except Exception:
            pass
        try:
            p.wait(timeout=2)
        except Exception:
            p.kill()
            try:
                p.wait(timeout=2)
            except Exception:
                pass


atexit.register(_stop)


def _start():
    global _proc, _buf
    _stop()
    _proc = subprocess.Popen(
        [_binary(), "--no-gui", "--norc", "--no-history", "--quiet", "--no-window-system",
         "--no-line-editing"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    _buf = b""
    _proc.stdin.write(b"more off; page_screen_output(false);\n")
    _proc.stdin.flush()


def _readline(deadline):
    global _buf
    while b"\n" not in _buf:
        left = deadline - time.monotonic()
        if left <= 0:
            raise OctaveProtocolError("octave-cli did not answer within %gs" % TIMEOUT_S)
        ready, _, _ = select.select([_proc.stdout], [], [], left)
        if not ready:
            continue
        chunk = os.read(_proc.stdout.fileno(), 65536)
        if not chunk:
            raise OctaveProtocolError("octave-cli exited (rc %r)" % _proc.poll())
        _buf += chunk
    line, _, _buf = _buf.partition(b"\n")
    return line.decode("utf-8", "replace")


def _eval(statement):
    """Run one statement that assigns y; return (dims, values) or raise OctaveError."""
    if "\n" in statement:
        raise ValueError("one line only")
    for attempt in (0, 1):
        if _proc is None or _proc.poll() is not None:
            _start()
        try:
            _proc.stdin.write((_WRAP % statement + "\n").encode())
            _proc.stdin.flush()
            deadline = time.monotonic() + TIMEOUT_S
            head = _readline(deadline)
            if head.startswith("OK "):
                dims = [int(v) for v in head[3:].split()]
                values = [float(v) for v in _readline(deadline).split()]
                if _readline(deadline) != "END":
                    raise OctaveProtocolError("no END after a result")
                return dims, values
            if head.startswith("ERR "):
                if _readline(deadline) != "END":
                    raise OctaveProtocolError("no END after an error")
                raise OctaveError(head[4:].strip())
            raise OctaveProtocolError("unexpected answer %r" % head[:200])
        except (BrokenPipeError, OctaveProtocolError):
            _stop()
            if attempt:
                raise
    raise OctaveProtocolError("unreachable")


def VERSIONS():
    global _version
    if _version is None:
        dims, values = _eval("y = double(version());")
        _version = "".join(chr(int(v)) for v in values)
    return {"octave": _version, "numpy": np.__version__}


def _literal(a):
    """A numpy int array (1-D or 2-D) as an Octave matrix literal (1-D -> row vector)."""
    a = np.asarray(a)
    if a.ndim == 1:
        a = a[None, :]
    return "[" + ";".join(" ".join("%d" % int(v) for v in row) for row in a) + "]"


def run(op, case):
    if op != "conv":
        raise ValueError("matlab has no op %r" % (op,))
    n = [int(v) for v in case["input_shape"]]
    k = [int(v) for v in case["kernel_shape"]]
    rank = len(n)
    if rank not in (1, 2):
        raise ValueError("matlab adapter takes rank 1 or 2, got %d" % rank)
    s = [int(v) for v in (case.get("stride") or [1] * rank)]
    d = [int(v) for v in (case.get("dilation") or [1] * rank)]
    options = dict(case.get("options") or {})
    fn = FUNCTIONS[_scalar(options.pop("function", 0), "function")]
    if options:
        raise ValueError("unknown option(s) %s for matlab conv" % sorted(options))
    shape = case["padding"]
    if shape not in ("full", "same", "valid"):
        raise ValueError("unknown shape %r" % (shape,))
    x = _literal(np.asarray(case["input"], dtype=np.int64).reshape(n))
    w = _literal(np.asarray(case["kernel"], dtype=np.int64).reshape(k))
    args = [w, x] if fn == "filter2" else [x, w]
    args.append("'%s'" % shape)
    if any(v != 1 for v in s) or any(v != 1 for v in d):
        args += ["[%s]" % " ".join(map(str, s)), "[%s]" % " ".join(map(str, d))]
    dims, values = _eval("y = %s(%s);" % (fn, ", ".join(args)))
    y = np.asarray(values, dtype=np.float64).reshape(dims, order="F")
    if rank == 1:
        if len(dims) != 2 or dims[0] != 1:
            raise ValueError("expected a 1 x m row from %s, got size %r" % (fn, dims))
        return y.reshape(dims[1])
    if len(dims) != 2:
        raise ValueError("unexpected output size %r" % (dims,))
    return y
