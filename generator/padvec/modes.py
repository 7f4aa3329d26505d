"""The pad-mode naming maze as data: which spelling of which system is which canonical mode.

numpy `reflect` = ndimage `mirror` = OpenCV BORDER_REFLECT_101 = torch `reflect`, while numpy
`symmetric` = ndimage `reflect` = OpenCV BORDER_REFLECT: `vectors/pad-modes.json` lists, per
canonical mode (numpy.pad's names), every system's spelling, so a converter can look one up.
"""
import json

from .reference import MODES, pad

CANONICAL = ("zero",) + MODES
EXAMPLE = [1, 2, 3, 4]


def index(specs):
    """{canonical mode: [{"system", "op", "padding"}...]} over every padding with a pad value."""
    table = {m: [] for m in CANONICAL}
    for spec in specs:
        for op_name, op in spec.ops.items():
            for pname, padding in op.paddings.items():
                mode = padding.rule.pad_value
                if mode in table and (op_name == "pad" or mode != "zero"):
                    table[mode].append({"system": spec.id, "op": op_name, "padding": pname})
    for entries in table.values():
        entries.sort(key=lambda e: (e["system"], e["op"], e["padding"]))
    return table


def render(specs):
    table = index(specs)
    doc = {"description": "Canonical pad modes (numpy.pad names) and every system's spelling "
                          "of each; 'example' pads [1,2,3,4] by 3 on both sides.",
           "modes": {m: {"example": pad(EXAMPLE_ARRAY, [[3, 3]], m).tolist(),
                         "spellings": table[m]} for m in CANONICAL}}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def format_table(specs):
    table = index(specs)
    lines = []
    for m in CANONICAL:
        lines.append("%-10s %s" % (m, pad(EXAMPLE_ARRAY, [[3, 3]], m).tolist()))
        for e in table[m]:
            lines.append("    %-15s %-14s %s" % (e["system"], e["op"], e["padding"]))
    return "\n".join(lines)


import numpy as _np  # noqa: E402  (kept low: only the example needs it)

EXAMPLE_ARRAY = _np.asarray(EXAMPLE)
