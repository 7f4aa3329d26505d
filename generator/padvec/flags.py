"""Flags say why a case exists; NOTES documents each flag in every vector file."""

NOTES = {
    "EvenKernel": ("An even (effective) kernel on some axis: 'same' needs an odd total padding "
                   "at stride 1.", "Systems disagree on which side gets the extra cell."),
    "OddTotalPad": ("The applied total padding is odd on some axis.",
                    "SAME_UPPER/TF puts the extra cell at the end, SAME_LOWER/Theano at the start:"
                    " a wrong choice shifts every output by one."),
    "Strided": ("Stride above 1 on some axis.",
                "TF-style SAME total padding depends on n % s; PyTorch refuses 'same'."),
    "StrideAboveKernel": ("Stride larger than the effective kernel: windows skip input cells.",
                          "SAME total padding can be 0 or computed negative (must clamp)."),
    "ShortInput": ("Input shorter than the effective kernel on some axis.",
                   "VALID has no output or an error; SAME pads more than the input length."),
    "InputEqualsKernel": ("Input exactly as long as the effective kernel on some axis.",
                          "Off-by-one in the output length formula shows here."),
    "Dilated": ("Dilation above 1: the effective kernel keff = (k-1)*d + 1 differs from k.",
                "Implementations that use k instead of keff compute the wrong padding."),
    "PerAxisParams": ("Different parameters on each axis.",
                      "Catches per-axis parameters applied to the wrong axis."),
    "ExplicitPads": ("The caller supplies the pads.",
                     "Converters lower auto-pad to explicit pads; this checks the lowering."),
    "AsymmetricPads": ("Explicit pads with before != after on some axis.",
                       "Systems with symmetric-only padding cannot express this directly."),
    "NegativePad": ("A negative pad (crop) or an extension of a transposed output.",
                    "Some APIs accept negative pads as crops, others reject them."),
    "CeilMode": ("ceil_mode is on.", "Output length rounds up; a last-window rule may apply."),
    "LastWindowDropped": ("ceil_mode would add a window that starts in the end padding, and the "
                          "system drops it.", "Implementations without the rule give one more "
                          "output."),
    "Overhang": ("A window reaches past the end padding (ceil mode).",
                 "The overhang is never read and never counted in an average."),
    "CountIncludePad": ("Average pooling counts padded cells in the divisor.",
                        "Divisor differs from TF/ONNX default (padding excluded)."),
    "PadExcludedFromAverage": ("Average pooling over a window that holds padding, padding "
                               "excluded from the divisor.", "Zero-pad-then-average gets it "
                               "wrong at the borders."),
    "PadIncludedInAverage": ("Average pooling over a window that holds padding, padding counted.",
                             "Dividing by the in-input count gets it wrong at the borders."),
    "NegativeMaxInput": ("Max pooling over negative inputs next to padding.",
                         "A zero pad value would win; -inf semantics keep the input."),
    "EmptyWindow": ("Some output window holds no input cell.",
                    "Max gives -inf, an excluding average is undefined (nan); systems differ."),
    "EmptyOutput": ("The output has length 0 on some axis.",
                    "Some systems return an empty tensor, others raise."),
    "OutputPadding": ("Transposed conv with output_padding > 0.",
                      "Adds cells at the end of the output; bounded by the stride."),
    "OutputShape": ("Transposed conv with an explicit output_shape.",
                    "The crop is derived from the requested shape; invalid shapes are rejected."),
    "KernelFlip": ("The system computes a true convolution (kernel reversed).",
                   "Weights ported from a cross-correlation system must be flipped."),
    "Rejected": ("The system's documentation says this configuration is rejected.",
                 "An implementation that accepts it silently computes something undocumented."),
    "MayReject": ("The system may reject this configuration; if it accepts, the output must "
                  "equal the expectation.", "Consumers choose; both outcomes pass."),
    "KnownDeviation": ("The real system deviates from its documentation here; see deviations.",
                       "A converter emulating the real system needs the actual behaviour."),
    "PadNotShorterThanInput": ("A pad at least as long as the input on some axis.",
                               "reflect needs pad < n in PyTorch; numpy and OpenCV repeat the "
                               "pattern; wrap-around more than once differs."),
    "SingleCellInput": ("A one-cell input: reflect has nothing to reflect.",
                        "numpy repeats the cell; other systems reject or differ."),
    "SweepFound": ("A minimised counterexample found by `padvec sweep` off the committed grid, "
                   "pinned after the spec was fixed.", "Guards the corrected rule or deviation "
                   "condition where the grid never looked."),
    "NamedCase": ("A hand-picked case from a documentation example or an issue report.",
                  "Reproduces a known report exactly."),
}


def _pad_op_flags(geometry, outcome, pads, case, named):
    f = {"ExplicitPads"}
    if any(b != a for b, a in pads):
        f.add("AsymmetricPads")
    if any(p[0] < 0 or p[1] < 0 for p in pads):
        f.add("NegativePad")
    if any(max(p) >= n for p, n in zip(pads, geometry["n"])):
        f.add("PadNotShorterThanInput")
    if any(n == 1 for n in geometry["n"]):
        f.add("SingleCellInput")
    if len(set(map(tuple, pads))) > 1:
        f.add("PerAxisParams")
    if outcome.result == "rejected":
        f.add("Rejected")
    if case["deviations"]:
        f.add("KnownDeviation")
    if named:
        f.add("NamedCase")
        f.update(named.get("flags", []))
    return sorted(f)


def flags_for(op, geometry, outcome, options, pads, case, named):
    if op == "pad":
        return _pad_op_flags(geometry, outcome, pads, case, named)
    rank = len(geometry["n"])
    n, k, s, d = (geometry[x] for x in "nksd")
    keff = [(k[a] - 1) * d[a] + 1 for a in range(rank)]
    f = set()
    if any(x % 2 == 0 for x in keff):
        f.add("EvenKernel")
    if any(x > 1 for x in s):
        f.add("Strided")
    if any(s[a] > keff[a] for a in range(rank)):
        f.add("StrideAboveKernel")
    if any(n[a] < keff[a] for a in range(rank)):
        f.add("ShortInput")
    if any(n[a] == keff[a] for a in range(rank)):
        f.add("InputEqualsKernel")
    if any(x > 1 for x in d):
        f.add("Dilated")
    if rank > 1 and any(len(set(geometry[x])) > 1 for x in "nksd"):
        f.add("PerAxisParams")
    if pads is not None:
        f.add("ExplicitPads")
        if any(b != a for b, a in pads):
            f.add("AsymmetricPads")
    if outcome.result == "rejected":
        f.add("Rejected")
    if outcome.result == "acceptable":
        f.add("MayReject")
    if case["deviations"]:
        f.add("KnownDeviation")
    if named:
        f.add("NamedCase")
        f.update(named.get("flags", []))
    if options.get("ceil_mode"):
        f.add("CeilMode")
    if op == "avg_pool" and outcome.divisor == "include_pad":
        f.add("CountIncludePad")
    if op == "conv_transpose":
        opad = options.get("output_padding")
        if isinstance(opad, list) and any(v and v > 0 for v in opad) or \
                isinstance(opad, int) and not isinstance(opad, bool) and opad > 0:
            f.add("OutputPadding")
        if "output_shape" in options:
            f.add("OutputShape")
    if outcome.computes:
        pd = outcome.pads
        if any((b + a) % 2 for b, a in pd):
            f.add("OddTotalPad")
        if any(b < 0 or a < 0 for b, a in pd):
            f.add("NegativePad")
        if outcome.flip:
            f.add("KernelFlip")
        if any(o == 0 for o in outcome.out):
            f.add("EmptyOutput")
        if op in ("conv", "max_pool", "avg_pool"):
            _window_flags(f, op, geometry, outcome, keff, options)
        y = case["expect"].get("output")
        if op in ("max_pool", "avg_pool") and _contains(y, ("-inf", "nan")):
            f.add("EmptyWindow")
    return sorted(f)


def _window_flags(f, op, geometry, outcome, keff, options):
    n, s = geometry["n"], geometry["s"]
    touches_pad = False
    for a in range(len(n)):
        before, after = outcome.pads[a]
        out = outcome.out[a]
        if out == 0:
            continue
        last_end = (out - 1) * s[a] - before + keff[a]
        if last_end > n[a] + after:
            f.add("Overhang")
        if before > 0 or last_end > n[a]:
            touches_pad = True
        if options.get("ceil_mode"):
            padded = n[a] + before + after - keff[a]
            if padded >= 0:
                ceil_out = -(-padded // s[a]) + 1
                if ceil_out > out:
                    f.add("LastWindowDropped")
    if touches_pad and op == "avg_pool":
        f.add("PadIncludedInAverage" if outcome.divisor == "include_pad" else
              "PadExcludedFromAverage" if outcome.divisor == "exclude_pad" else "PadIncludedInAverage")
    if touches_pad and op == "max_pool":
        f.add("NegativeMaxInput")


def _contains(value, tokens):
    if isinstance(value, list):
        return any(_contains(v, tokens) for v in value)
    return value in tokens


def comment_for(op, pname, geometry, outcome, case, named):
    if named:
        return named["comment"]
    j = lambda v: "x".join(map(str, v))
    geo = "n=%s k=%s s=%s d=%s" % (j(geometry["n"]), j(geometry["k"]), j(geometry["s"]),
                                   j(geometry["d"]))
    if op == "pad":
        geo = "n=%s pads %s" % (j(geometry["n"]), case.get("pads"))
    if outcome.result == "rejected":
        return "%s %s on %s is rejected (%s)." % (op, pname, geo, outcome.exception)
    pads = ", ".join("%d/%d" % tuple(p) for p in outcome.pads)
    if op == "pad":
        return "%s pad (%s) of n=%s by %s before/after: output %s." % (
            pname, outcome.pad_value, j(geometry["n"]), pads, j(outcome.out))
    what = "crop" if op == "conv_transpose" else "pad"
    text = "%s %s on %s: %s before/after %s, output %s." % (op, pname, geo, what, pads,
                                                           j(outcome.out))
    if outcome.result == "acceptable":
        text += " May be rejected (%s)." % outcome.exception
    if case["deviations"]:
        text += " Real system deviates: %s." % ", ".join(d["id"] for d in case["deviations"])
    return text
