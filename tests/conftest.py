import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def pytest_terminal_summary(terminalreporter):
    """Per-system timings and outcome counts of the conformance run (for the CI log)."""
    try:
        import test_conformance
    except Exception:
        return
    if not test_conformance._CACHE:
        return
    tr = terminalreporter
    tr.section("padvec conformance per system")
    for (sid, adapter), (rep, _) in sorted(test_conformance._CACHE.items()):
        counts = ", ".join("%d %s" % (v, k) for k, v in sorted(rep["counts"].items()))
        tr.write_line("%-14s %-16s %6.1fs  %s  %s" % (sid, adapter, rep["seconds"], counts,
                                                     rep.get("versions")))
