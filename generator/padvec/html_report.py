"""`padvec report --html`: one self-contained static page (no network, no external files).

It shows the conformance matrix (system x runtime x op, versions), the pairwise disagreement
matrix of every automatic padding (from `padvec diff`'s sweep), and, for one case, the padded
input each system would draw.  Data is embedded as JSON; a few lines of script render it.
"""
import html
import json

from .diff import matrix
from .explainer import explain
from .report import OPS
from .verify import FAILURES

DIFF_GRID = {"n": (1, 32), "k": (1, 6), "s": (1, 3), "d": (1, 2)}


def conformance_rows(reports):
    rows = []
    for rep in reports:
        cells = {}
        for op in OPS:
            rs = [r for r in rep["results"] if r["op"] == op]
            if rs:
                cells[op] = {"pass": sum(r["status"] == "pass" for r in rs),
                             "deviation": sum(r["status"] == "deviation" for r in rs),
                             "fail": sum(r["status"] in FAILURES for r in rs),
                             "skipped": sum(r["status"] == "skipped" for r in rs)}
        versions = ", ".join("%s %s" % kv for kv in sorted((rep.get("versions") or {}).items()))
        rows.append({"system": rep["system"], "runtime": rep["adapter"], "versions": versions,
                     "cells": cells, "seconds": rep.get("seconds", 0)})
    return rows


def disagreement(specs, ops=("conv", "max_pool", "avg_pool", "conv_transpose")):
    out = {}
    for op in ops:
        labels, table = matrix(specs, op, DIFF_GRID)
        out[op] = {"labels": labels,
                   "cells": [[None if a == b else round(100 * table[(a, b)], 1) for b in labels]
                             for a in labels]}
    return out


def pictures(specs, op, geometry):
    """The padded input of every automatic padding of `op` for one configuration."""
    rows = []
    for spec in specs:
        sop = spec.ops.get(op)
        if sop is None or len(geometry["n"]) not in sop.ranks:
            continue
        for pname, padding in sop.paddings.items():
            if padding.args:
                continue
            try:
                r = explain(spec, op=op, padding=pname, input=geometry["n"], kernel=geometry["k"],
                            stride=geometry["s"], dilation=geometry["d"])
            except Exception as exc:  # a formula option this geometry cannot take
                rows.append({"convention": "%s:%s" % (spec.id, pname), "text": str(exc)})
                continue
            text = "rejected: %s" % r["exception"] if r["rejected"] else \
                "%s  pads %s  out %s" % (" ".join(r["picture"]), r["pads"], r["output_shape"])
            rows.append({"convention": "%s:%s" % (spec.id, pname), "text": text})
    return rows


_STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}
h1{font-size:20px} h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;margin:8px 0} td,th{border:1px solid #ccc;padding:3px 6px}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.ok{background:#e3f4e3} .dev{background:#fff4d6} .bad{background:#f9d6d6}
.pic{font-family:monospace;white-space:pre}
"""

_SCRIPT = """
(function () {
  var data = JSON.parse(document.getElementById('padvec-data').textContent);
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  var conf = document.getElementById('conformance');
  var head = el('tr');
  ['system', 'runtime', 'versions'].concat(data.ops).concat(['time']).forEach(function (h) {
    head.appendChild(el('th', h));
  });
  conf.appendChild(head);
  data.conformance.forEach(function (row) {
    var tr = el('tr');
    tr.appendChild(el('td', row.system));
    tr.appendChild(el('td', row.runtime));
    tr.appendChild(el('td', row.versions));
    data.ops.forEach(function (op) {
      var c = row.cells[op];
      if (!c) { tr.appendChild(el('td', '-')); return; }
      var text = c.pass + ' pass' + (c.deviation ? ', ' + c.deviation + ' deviation' : '') +
                 (c.fail ? ', ' + c.fail + ' FAIL' : '') + (c.skipped ? ', ' + c.skipped + ' skipped' : '');
      tr.appendChild(el('td', text, c.fail ? 'bad' : (c.deviation ? 'dev' : 'ok')));
    });
    tr.appendChild(el('td', Math.round(row.seconds) + 's', 'num'));
    conf.appendChild(tr);
  });
  var holder = document.getElementById('disagreement');
  Object.keys(data.disagreement).forEach(function (op) {
    var m = data.disagreement[op];
    holder.appendChild(el('h3', op));
    var t = el('table');
    var hr = el('tr');
    hr.appendChild(el('th', ''));
    m.labels.forEach(function (l, i) { hr.appendChild(el('th', i)); });
    t.appendChild(hr);
    m.cells.forEach(function (row, i) {
      var tr = el('tr');
      tr.appendChild(el('th', i + ' ' + m.labels[i]));
      row.forEach(function (v) {
        var td = el('td', v === null ? '-' : v.toFixed(1), 'num');
        if (v !== null) td.style.background = 'hsl(' + (120 - 1.2 * v) + ',70%,88%)';
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    holder.appendChild(t);
  });
  var pics = document.getElementById('pictures');
  data.pictures.rows.forEach(function (r) {
    var tr = el('tr');
    tr.appendChild(el('td', r.convention));
    tr.appendChild(el('td', r.text, 'pic'));
    pics.appendChild(tr);
  });
  document.body.setAttribute('data-rendered', 'yes');
})();
"""


def check_table(checks):
    """Static table of `padvec check` results (per implementation counts)."""
    if not checks:
        return ""
    from .check.report import COLUMNS
    head = "".join("<th>%s</th>" % html.escape(c) for c in
                   ("implementation", "version", "system", "cases") + COLUMNS)
    rows = []
    for doc in checks:
        info = doc["implementation"]
        cells = [info["name"], info.get("version", "?"), doc["system"], len(doc["results"])]
        cells += [doc["counts"].get(c, 0) for c in COLUMNS]
        rows.append("<tr>%s</tr>" % "".join("<td>%s</td>" % html.escape(str(v)) for v in cells))
    return ("<h2>Implementations checked (padvec check)</h2>\n<table id=\"checks\"><tr>%s</tr>%s"
            "</table>\n" % (head, "".join(rows)))


def render_html(reports, specs, op="conv", geometry=None, date="", checks=()):
    geometry = geometry or {"n": [8], "k": [4], "s": [1], "d": [1]}
    data = {"ops": list(OPS), "conformance": conformance_rows(reports),
            "disagreement": disagreement(specs),
            "pictures": {"op": op, "geometry": geometry, "rows": pictures(specs, op, geometry)}}
    payload = json.dumps(data, sort_keys=True).replace("</", "<\\/")
    geo = ", ".join("%s=%s" % (k, "x".join(map(str, v))) for k, v in geometry.items())
    return """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>padvec conformance report</title>
<style>%s</style></head>
<body>
<h1>padvec: padding conformance report %s</h1>
<p>Every vector of every runnable system through the real implementation (<code>padvec
verify</code>); green = exactly as documented, amber = includes recorded deviations, red =
failures.</p>
<h2>Conformance matrix</h2>
<table id="conformance"></table>
%s<h2>Pairwise disagreement of automatic paddings</h2>
<p>Percentage of configurations (n 1..32, k 1..6, s 1..3, d 1..2, 1-D) on which two conventions
do not produce the same pad split, output length or rejection (kernel orientation set aside).</p>
<div id="disagreement"></div>
<h2>One configuration, every system (%s, %s)</h2>
<table id="pictures"><tr><th>convention</th><th>padded input</th></tr></table>
<script type="application/json" id="padvec-data">%s</script>
<script>%s</script>
</body></html>
""" % (_STYLE, html.escape(date), check_table(checks), html.escape(op), html.escape(geo), payload, _SCRIPT)
