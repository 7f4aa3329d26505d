"""The parameter grid: geometries chosen to discriminate between conventions, not to be large.

Each entry is (n, k, s, d) per axis.  Why each family exists:
- even/odd kernels at stride 1: the side of the extra cell when total padding is odd;
- stride 2 and 3 with input lengths of every residue n % s: TF-style SAME depends on it;
- stride above the kernel: windows skip cells, SAME total can be 0;
- input shorter than / equal to the effective kernel: empty or single outputs, rejections;
- dilation (alone and with stride): keff vs k mix-ups;
- 2-D/3-D with different parameters per axis, so axis-order bugs cannot cancel.
"""


def _one_d_full():
    g = []
    for k in (1, 2, 3, 4, 5):                       # stride 1, no dilation
        for n in sorted({max(k - 1, 1), k, 8}):
            g.append((n, k, 1, 1))
    for k in (2, 3, 4):                             # dilation at stride 1
        g.append((9, k, 1, 2))
    for k in (2, 3, 4):                             # stride 2, every residue
        for n in (5, 6, 7, 8):
            g.append((n, k, 2, 1))
    g.append((1, 3, 2, 1))                          # input shorter than kernel, strided
    for k in (2, 3, 5):                             # stride 3, every residue
        for n in (6, 7, 8):
            g.append((n, k, 3, 1))
    for n in (7, 8):                                # stride above kernel
        g.append((n, 2, 4, 1))
        g.append((n, 1, 3, 1))
    for n in (8, 9):                                # stride with dilation
        g.append((n, 3, 2, 2))
    return [((n,), (k,), (s,), (d,)) for n, k, s, d in g]


def _one_d_small():
    """Fewer geometries for option sweeps and explicit pads (they multiply the grid)."""
    g = [(8, 3, 1, 1), (8, 4, 1, 1), (7, 2, 2, 1), (8, 3, 2, 1), (5, 2, 2, 1), (7, 3, 3, 1),
         (8, 4, 2, 1), (9, 3, 1, 2), (6, 1, 3, 1), (3, 3, 1, 1)]
    return [((n,), (k,), (s,), (d,)) for n, k, s, d in g]


_TWO_D = [
    ((7, 6), (3, 2), (2, 1), (1, 1)),
    ((8, 5), (4, 3), (1, 2), (1, 1)),
    ((6, 9), (2, 3), (3, 2), (1, 1)),
    ((9, 7), (3, 2), (1, 1), (2, 1)),
    ((5, 8), (3, 4), (2, 3), (1, 1)),
    ((6, 7), (4, 2), (2, 2), (1, 1)),
]
_TWO_D_SMALL = _TWO_D[:3]

_THREE_D = [
    ((5, 6, 7), (2, 3, 4), (1, 2, 3), (1, 1, 1)),
    ((6, 5, 4), (3, 2, 2), (2, 1, 2), (1, 1, 1)),
    ((7, 5, 6), (3, 2, 2), (1, 1, 1), (2, 1, 1)),
]
_THREE_D_SMALL = _THREE_D[:1]

_FULL = {1: _one_d_full(), 2: _TWO_D, 3: _THREE_D}
_SMALL = {1: _one_d_small(), 2: _TWO_D_SMALL, 3: _THREE_D_SMALL}


def geometries(rank, small=False):
    """Geometries as dicts n,k,s,d of per-axis lists."""
    src = (_SMALL if small else _FULL)[rank]
    return [{"n": list(n), "k": list(k), "s": list(s), "d": list(d)} for n, k, s, d in src]


# Explicit pads swept when a padding takes `args` and its spec gives no pad_values.
DEFAULT_SYMMETRIC_PADS = [0, 1, 2]
DEFAULT_ASYMMETRIC_PADS = [(0, 1), (1, 0), (2, 1), (1, 2)]


def pad_choices(args, rank, pad_values):
    """Per-case explicit pads [[b, a], ...]; axes get different pads when rank > 1."""
    if pad_values:
        base = [tuple(p) for p in pad_values]
    elif args == "symmetric":
        base = [(p, p) for p in DEFAULT_SYMMETRIC_PADS]
    else:
        base = DEFAULT_ASYMMETRIC_PADS + [(0, 0), (1, 1)]
    out = []
    for i, p in enumerate(base):
        # Rotate the list per axis so multi-axis cases do not repeat one pad on every axis.
        out.append([list(base[(i + a) % len(base)]) for a in range(rank)])
    return out


# The pad op: short inputs (n = 1, 2 make reflect degenerate) and pads up to and beyond the
# input length, where systems either repeat the pattern or reject.
_PAD_GEOMETRIES = {1: [(1,), (2,), (3,), (5,)], 2: [(2, 3), (3, 2)], 3: [(2, 3, 2)]}
PAD_OP_PADS = [(0, 0), (1, 0), (0, 2), (2, 1), (3, 3), (4, 6)]


def pad_geometries(rank):
    return [{"n": list(n), "k": [1] * rank, "s": [1] * rank, "d": [1] * rank}
            for n in _PAD_GEOMETRIES[rank]]
