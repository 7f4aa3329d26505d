"""Spec and CLI fuzzers (issue 11 item 6): fixed-seed mutants, each run in a forked child with
a memory limit and a timeout. Outcomes per run: ok (exit 0), refused (exit 2 with
file:line:key or a named flag), traceback, hang, memory (a resource error or a killed child),
accepted_invalid (exit 0 on a known-invalid mutant), valid_refused (exit 2 on a known-valid
one), vectors_touched (vectors/ changed by a refused run).

    python tests/fuzzing.py spec 5000     # `make fuzz`
    python tests/fuzzing.py cli 300
"""
import hashlib
import io
import os
import random
import re
import resource
import shutil
import signal
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MINI = os.path.join(HERE, "fixtures", "spec", "mini.yaml")
MEMORY_LIMIT = 1 << 30     # bytes of address space in each child, beyond the parent's
TIMEOUT = 20.0
LOCATED = re.compile(r"mini\.yaml(:\d+)?: \S")
FLAGGED = re.compile(r"^error: (--[a-z-]+|[A-Z]+|RESULTS|[AB] \(SYSTEM:PADDING\)): ", re.M)


# ---- running one input in a forked, limited child ---------------------------------------

def preload():
    """Import padvec (numpy, jsonschema, yaml...) once in the parent: every forked child then
    starts warm, so a mutant costs its own work, not the imports."""
    import importlib
    for name in ("padvec.cli", "padvec.spec", "padvec.generate", "padvec.cases", "padvec.explainer",
                 "padvec.diff", "padvec.diagnose", "padvec.port", "padvec.validate"):
        try:
            importlib.import_module(name)
        except ImportError:   # an older version under test may lack one
            pass


def run_child(argv, timeout=TIMEOUT):
    """(status, rc, stderr) of padvec.cli.main(argv) in a forked child."""
    preload()
    out = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # child
        code = 98
        try:
            soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            used = _vm_bytes()
            resource.setrlimit(resource.RLIMIT_AS, (used + MEMORY_LIMIT, hard))
            os.dup2(out.fileno(), 2)
            sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), write_through=True)
            sys.stdout = open(os.devnull, "w")
            sys.stdin = io.StringIO("")
            from padvec import cli
            code = cli.main(argv)
        except SystemExit as exc:   # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except BaseException:
            import traceback
            traceback.print_exc()
            code = 99
        finally:
            try:
                sys.stderr.flush()
            finally:
                os._exit(code if isinstance(code, int) else 97)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "hang", None, ""
        time.sleep(0.002)
    out.seek(0)
    err = out.read().decode("utf-8", "replace")
    out.close()
    if os.WIFSIGNALED(status):
        return "memory", None, err   # killed: the memory limit (or a native crash)
    rc = os.WEXITSTATUS(status)
    if "Traceback (most recent call last)" in err or rc in (3, 97, 98, 99):
        return "traceback", rc, err
    if "out of resources" in err or "MemoryError" in err:
        return "memory", rc, err
    return ("ok" if rc == 0 else "refused"), rc, err


def _vm_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def tree_hash(path):
    h = hashlib.sha256()
    for dirpath, dirs, names in sorted(os.walk(path)):
        dirs.sort()
        for name in sorted(names):
            p = os.path.join(dirpath, name)
            h.update(p[len(path):].encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


# ---- spec mutants ------------------------------------------------------------------------
# Each mutator returns (text, valid): valid True/False when known, None when it depends.

def _bomb(depth=9):
    lines = ['b0: &b0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, depth):
        lines.append("b%d: &b%d [%s]" % (i, i, ", ".join(["*b%d" % (i - 1)] * 9)))
    return "\n".join(lines) + "\n"


NAMED = """  - slug: fz-{slug}
    op: conv
    padding: {padding}
    input_shape: {n}
    kernel_shape: {k}
{extra}    comment: "fuzz"
"""


def _case(slug, n="[8]", k="[3]", padding="SAME", extra=""):
    return NAMED.format(slug=slug, n=n, k=k, padding=padding, extra=extra)


def mutators(rng):
    big = "+".join(["n"] * rng.randint(600, 30000))
    deep = "(" * rng.randint(60, 400) + "n" + ")" * 0
    return [
        # known invalid
        ("tag", lambda t: t.replace("out: ceil_div(n, s)", "out: !!python/name:os.system x", 1),
         False),
        ("tag-object", lambda t: t.replace("title: ", "title: !!python/object/apply:os.getcwd []  #", 1),
         False),
        ("alias-bomb", lambda t: _bomb(rng.randint(6, 10)) + t, False),
        ("recursive-alias", lambda t: "loop: &loop [*loop]\n" + t, False),
        ("huge-formula", lambda t: t.replace("out: ceil_div(n, s)", "out: " + big, 1), False),
        ("deep-formula", lambda t: t.replace("before: total // 2",
                                              "before: " + "abs(" * rng.randint(50, 3000) + "n"
                                              + ")" * 0, 1), False),
        ("deep-parens", lambda t: t.replace("before: total // 2", "before: " + deep
                                             + ")" * deep.count("("), 1), False),
        ("overflow-mul", lambda t: t.replace("before: total // 2", "before: 2**62 * 4", 1), False),
        ("overflow-abs", lambda t: t.replace("before: total // 2", "before: abs(-2**62 * 2)", 1),
         False),
        ("overflow-grid", lambda t: t.replace("out: ceil_div(n, s)",
                                              "out: ceil_div(n, s) + n * 2**61 * 8", 1), False),
        ("huge-literal", lambda t: t.replace("before: total // 2",
                                             "before: %d" % (10 ** rng.randint(19, 400)), 1), False),
        ("case-kernel-rank", lambda t: t + _case("kr", k="[4, 4]"), False),
        ("case-stride-rank", lambda t: t + _case("sr", extra="    stride: [1, 1]\n"), False),
        ("case-int64-input", lambda t: t + _case("big", padding="VALID", extra=
                                                 "    input: [9223372036854775807, 1, 1, 1, 1, "
                                                 "1, 1, 1]\n"), False),
        ("case-input-shape", lambda t: t + _case("is", extra="    input: [1, 2, 3]\n"), False),
        ("case-huge-shape", lambda t: t + _case("hs", n="[%d]" % 10 ** rng.randint(7, 12)), False),
        ("case-float-option", lambda t: t + NAMED.format(
            slug="fo", padding="SAME", n="[8]", k="[3]",
            extra="    options: {count_include_pad: 1.7}\n").replace("op: conv", "op: avg_pool"),
         False),
        ("case-unknown-option", lambda t: t + _case("uo", extra="    options: {function: 1}\n"),
         False),
        ("option-float", lambda t: t.replace("count_include_pad: [false, true]",
                                             "count_include_pad: [false, 1.7]", 1), False),
        ("case-pads-missing", lambda t: t + _case("pm", padding="explicit"), False),
        ("deep-yaml", lambda t: t + "deep: " + "[" * rng.randint(40, 20000) + "]" * 0 + "\n",
         False),
        ("rank-zero", lambda t: t + _case("r0", n="[]", k="[]"), False),
        ("negative-shape", lambda t: t + _case("neg", n="[-8]"), False),
        ("date", lambda t: t.replace('documented: "test fixture"', "documented: 2020-01-01", 1),
         False),
        ("binary", lambda t: t.replace('documented: "test fixture"',
                                       "documented: !!binary aGVsbG8=", 1), False),
        ("set", lambda t: t.replace('documented: "test fixture"', "documented: !!set {a}", 1),
         False),
        ("bad-name", lambda t: t.replace("before: total // 2", "before: __import__('os')", 1),
         False),
        ("attr", lambda t: t.replace("before: total // 2", "before: n.__class__", 1), False),
        # known valid
        ("comment", lambda t: t.replace("ops:\n", "# fuzz comment\nops:\n", 1), True),
        ("floor-div-spelling", lambda t: t.replace("before: total // 2",
                                                   "before: floor_div(total, 2)", 1), True),
        ("new-case", lambda t: t + _case("ok%d" % rng.randint(0, 99),
                                         n="[%d]" % rng.randint(1, 12),
                                         k="[%d]" % rng.randint(1, 4)), True),
        ("new-case-2d", lambda t: t + _case("ok2d", n="[%d, %d]" % (rng.randint(1, 6),
                                                                    rng.randint(1, 6)),
                                            k="[2, 3]"), True),
        ("quoted", lambda t: t.replace("before: total // 2", 'before: "total // 2"', 1), True),
        ("flow-style", lambda t: t.replace("ranks: [1, 2]", "ranks:\n      - 1\n      - 2", 1),
         True),
        ("paren-ok", lambda t: t.replace("before: total // 2", "before: ((total)) // 2", 1), True),
        # validity depends on where it lands
        ("type-swap", lambda t: _swap_value(t, rng), None),
        ("drop-line", lambda t: _drop_line(t, rng), None),
        ("dup-line", lambda t: _dup_line(t, rng), None),
        ("char-flip", lambda t: _flip_char(t, rng), None),
        ("number-tweak", lambda t: _tweak_number(t, rng), None),
    ]


_VALUES = ["1.7", "-1", "0", "null", "true", "[]", "{}", "[1, [2]]", "'x'", "9" * 30, "-2**63",
           "{a: 1}", '"n // 0"', "ceil_div(n, 0)", "n ** 99", "'\\u0000'", "1e309", ".nan",
           "!!str 5", "*undefined", "&a 3", "'${HOME}'", "~", "[[[[]]]]"]


def _value_lines(t):
    return [i for i, line in enumerate(t.split("\n")) if re.match(r"^\s*[\w-]+: \S", line)]


def _swap_value(t, rng):
    lines = t.split("\n")
    i = rng.choice(_value_lines(t))
    key = lines[i].split(":")[0]
    lines[i] = key + ": " + rng.choice(_VALUES)
    return "\n".join(lines)


def _drop_line(t, rng):
    lines = t.split("\n")
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def _dup_line(t, rng):
    lines = t.split("\n")
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])
    return "\n".join(lines)


def _flip_char(t, rng):
    i = rng.randrange(len(t))
    return t[:i] + rng.choice("[]{}:-&*!|>'\"#%@` \t\n0x") + t[i + 1:]


def _tweak_number(t, rng):
    nums = list(re.finditer(r"\b\d+\b", t))
    m = rng.choice(nums)
    new = str(rng.choice([0, -1, 2 ** 62, 2 ** 63, 10 ** 25, int(m.group()) + 1]))
    return t[:m.start()] + new + t[m.end():]


def spec_fuzz(count, seed=11, verbose=False, only=None, progress=0):
    """Run `count` spec mutants; returns (figures dict, [failure descriptions])."""
    rng = random.Random(seed)
    base = open(MINI).read()
    work = tempfile.mkdtemp(prefix="padvec-fuzz-")
    try:
        root = os.path.join(work, "root")
        os.makedirs(os.path.join(root, "spec"))
        shutil.copytree(os.path.join(REPO, "vectors", "schema"),
                        os.path.join(root, "vectors", "schema"))
        spec_path = os.path.join(root, "spec", "mini.yaml")
        with open(spec_path, "w") as f:
            f.write(base)
        status, rc, err = run_child(["--root", root, "generate"])
        assert status == "ok", (status, err)
        baseline = os.path.join(work, "baseline")
        shutil.copytree(os.path.join(root, "vectors"), baseline)
        base_hash = tree_hash(baseline)
        figures = {k: 0 for k in ("mutants", "valid", "invalid", "unknown", "ok", "refused",
                                  "traceback", "hang", "memory", "accepted_invalid",
                                  "valid_refused", "unlocated", "vectors_touched")}
        failures = []
        muts = [m for m in mutators(rng) if only is None or m[0] in only]
        for i in range(count):
            name, fn, valid = muts[i % len(muts)] if i < len(muts) else rng.choice(muts)
            try:
                text = fn(base)
            except (IndexError, ValueError):
                continue
            with open(spec_path, "w") as f:
                f.write(text)
            status, rc, err = run_child(["--root", root, "generate"])
            figures["mutants"] += 1
            figures[{True: "valid", False: "invalid", None: "unknown"}[valid]] += 1
            figures[status if status in ("ok", "refused") else status] += 1
            problem = None
            if status in ("traceback", "hang", "memory"):
                problem = status
            elif status == "ok" and valid is False:
                problem = "accepted_invalid"
            elif status == "refused" and valid is True:
                problem = "valid_refused"
            elif status == "refused" and (rc != 2 or not LOCATED.search(err)):
                problem = "unlocated"
            if status != "ok" and tree_hash(os.path.join(root, "vectors")) != base_hash:
                problem = problem or "vectors_touched"
            if problem:
                if problem in figures and problem not in ("traceback", "hang", "memory"):
                    figures[problem] += 1
                failures.append("%s [%s]: %s" % (name, problem, err.strip()[-300:]))
                if verbose:
                    print(failures[-1], file=sys.stderr)
            if progress and figures["mutants"] % progress == 0:
                print("spec fuzz progress: %s" % figures, file=sys.stderr, flush=True)
            if status == "ok":   # restore the baseline for the next mutant
                shutil.rmtree(os.path.join(root, "vectors"))
                shutil.copytree(baseline, os.path.join(root, "vectors"))
        return figures, failures
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ---- CLI mutants -------------------------------------------------------------------------

HOSTILE_INTS = ["-3", "0", "-1", "1000000000", "99999999999999999999999", "1.5", "", ",", "x",
                "3,", "1,2,3,4", "1;2", "nan", "inf", "0x10", "1e3", "2**62", " ", "\x00",
                "9" * 2000, "3" + ",3" * 500]
HOSTILE_NAMES = ["../spec/tensorflow", "/etc/passwd", "tensorflow.yaml", "", ".", "..",
                 "NOPE", "tensorflow\n", "a" * 5000, "$(id)", "tensorflow/../onnx", "~",
                 "TENSORFLOW", "\x00", "spec", "schema"]


def cli_argvs(count, seed=9):
    rng = random.Random(seed)
    base_explain = ["explain", "tensorflow", "--op", "conv", "--padding", "SAME", "--input", "8",
                    "--kernel", "3"]
    fixed = [
        ["explain", "tensorflow", "--op", "conv", "--padding", "VALID", "--input", "8",
         "--kernel", "-3"],
        base_explain + ["--ceil-mode", "maybe"],
        base_explain + ["--stride", "0"],
        ["explain", "../spec/tensorflow", "--op", "conv", "--padding", "SAME", "--input", "8",
         "--kernel", "3"],
        ["explain", "tensorflow", "--op", "conv", "--padding", "SAME", "--input", "1000000000",
         "--kernel", "3"],
        ["explain", "tensorflow", "--op", "conv", "--padding", "SAME", "--input",
         ",".join(["4"] * 1000), "--kernel", "3"],
        ["diff", "tensorflow:SAME", "onnx:SAME_LOWER", "--rank", "3"],
        ["diff", "tensorflow:NOPE", "onnx:SAME_LOWER"],
        ["diff", "tensorflow:SAME", "onnx:SAME_LOWER", "--grid", "n=1..100000000"],
        ["diff", "--matrix", "--op", "nope"],
        ["diagnose", "no-such-case", "--actual", "-"],
        ["diagnose", "pad1d-reflect-n3-p3-3", "--actual", "-"],
        ["diagnose", "onnx/pad/pad1d-reflect-n3-p3-3", "--actual", "/nonexistent"],
        ["diagnose", "onnx/pad/pad1d-reflect-n3-p3-3", "--actual", "/dev/zero"],
        ["port", "--from", "tensorflow:SAME", "--to", "evil"],
        ["port", "--from", "x:y", "--to", "pytorch"],
        ["verify", "../../etc"],
        ["verify", "tensorflow", "--timeout", "-1"],
        ["report", "/nonexistent.json"],
        ["--root", "/nonexistent", "list"],
        ["--root", "/", "explain", "tensorflow", "--op", "conv", "--padding", "SAME"],
    ]
    out = list(fixed)
    flags = ["--input", "--kernel", "--stride", "--dilation", "--output-padding",
             "--output-shape"]
    while len(out) < count:
        kind = rng.randrange(7)
        if kind == 0:
            argv = list(base_explain)
            flag = rng.choice(flags)
            argv += [flag, rng.choice(HOSTILE_INTS)]
        elif kind == 1:
            argv = ["explain", rng.choice(HOSTILE_NAMES), "--op", "conv", "--padding", "SAME",
                    "--input", "8", "--kernel", "3"]
        elif kind == 2:
            argv = list(base_explain)
            argv[rng.choice([3, 5])] = rng.choice(HOSTILE_NAMES + ["conv_transpose", "pad"])
            argv += rng.choice([[], ["--pads", rng.choice(["1,1", "1", "1,1;1,1", "a,b",
                                                          "-99999999,1", ";"])],
                                ["--count-include-pad", rng.choice(["1", "maybe", ""])]])
        elif kind == 3:
            argv = ["diff", rng.choice(["tensorflow:SAME", "onnx:SAME_LOWER", "x", ":",
                                        "tensorflow:", rng.choice(HOSTILE_NAMES) + ":SAME"]),
                    rng.choice(["onnx:SAME_LOWER", "pytorch:same", ":SAME", "tensorflow:VALID"]),
                    "--grid", rng.choice(["n=1..64", "n=0..3", "k=5..1", "q=1..2", "n=1..x",
                                          "n=1..100000 k=1..10000", "s=1..4 d=1..3", ""]),
                    "--rank", rng.choice(["1", "2", "3", "0", "-1", "1000", "x"])]
        elif kind == 4:
            argv = ["port", "--from", rng.choice(["tensorflow:SAME", "onnx:SAME_LOWER", "x",
                                                  "tensorflow:NOPE", "onnx:explicit"]),
                    "--to", rng.choice(["pytorch", "jax", "tensorflow", "evil", ""]),
                    "--op", rng.choice(["conv", "max_pool", "pad", "nope"]),
                    "--kernel", rng.choice(HOSTILE_INTS + ["3"])]
        elif kind == 5:
            argv = ["diagnose", rng.choice(["pad1d-reflect-n3-p3-3", "onnx/pad/x", "a/b",
                                            "a/b/c/d", "", "/", rng.choice(HOSTILE_NAMES)]),
                    "--actual", rng.choice(["/nonexistent", "/dev/null", "/etc/hostname",
                                            "-"])]
        else:
            argv = [rng.choice(["list", "modes", "explain", "diff", "port", "verify",
                                "report", "bogus", "--help-me"])]
            argv += rng.sample(["--json", "--op", "conv", "--rank", "2", "x", "--root",
                                "/tmp", "--grid"], rng.randint(0, 3))
        out.append(argv)
    return out[:count]


def cli_fuzz(count, seed=9, verbose=False):
    vectors = os.path.join(REPO, "vectors")
    before = tree_hash(vectors)
    figures = {k: 0 for k in ("calls", "ok", "refused", "traceback", "hang", "memory",
                              "unflagged", "vectors_touched")}
    failures = []
    for argv in cli_argvs(count, seed):
        if argv and argv[0] in ("verify",) and argv[1:2] and \
                re.match(r"^[a-z0-9-]+$", argv[1]) and "--timeout" not in argv:
            continue   # a real system would run its frameworks: not a hostile call
        status, rc, err = run_child(argv)
        figures["calls"] += 1
        figures[status] += 1
        problem = status if status in ("traceback", "hang", "memory") else None
        if status == "refused" and rc == 2 and not (FLAGGED.search(err) or "usage:" in err
                                                    or "spec error:" in err):
            problem = "unflagged"
            figures["unflagged"] += 1
        if problem:
            failures.append("%r [%s]: %s" % (argv[:8], problem, err.strip()[-300:]))
            if verbose:
                print(failures[-1], file=sys.stderr)
    if tree_hash(vectors) != before:
        figures["vectors_touched"] += 1
        failures.append("vectors/ changed")
    return figures, failures


if __name__ == "__main__":
    # PADVEC_GENERATOR=/other/checkout/generator measures another version (the "before" figures).
    sys.path.insert(0, os.environ.get("PADVEC_GENERATOR", os.path.join(REPO, "generator")))
    which, n = sys.argv[1], int(sys.argv[2])
    t0 = time.time()
    if which == "spec":
        figs, fails = spec_fuzz(n, verbose="-v" in sys.argv, progress=250)
    else:
        figs, fails = cli_fuzz(n, verbose="-v" in sys.argv)
    print("%s fuzz: %s (%.0fs)" % (which, figs, time.time() - t0))
    for f in fails[:40]:
        print("  " + f)
    sys.exit(1 if fails else 0)
