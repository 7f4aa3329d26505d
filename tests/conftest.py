import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def _conformance_targets(items):
    """The (system, runtime) pairs the selected conformance tests need."""
    targets, module = set(), None
    for item in items:
        # Only test_conformance's runtimes run in the background (other modules' conformance
        # tests drive their own clients and sweeps).
        if item.get_closest_marker("conformance") is None \
                or item.module.__name__ != "test_conformance":
            continue
        module = item.module
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "system" in params and "adapter" in params:
            targets.add((params["system"], params["adapter"]))
        elif item.originalname == "test_every_case_was_run_or_skipped_with_a_reason":
            targets.update(module.all_targets())
    return module, targets


def pytest_collection_finish(session):
    """Start the selected runtimes in the background now (see test_conformance.start_runs)."""
    module, targets = _conformance_targets(session.items)
    if module is not None and targets and not session.config.option.collectonly:
        module.start_runs(targets)


def pytest_sessionfinish(session):
    module = sys.modules.get("test_conformance")
    if module is not None:
        module.stop_runs()


def pytest_terminal_summary(terminalreporter):
    """Per-runtime timings and outcome counts of the conformance run (for the CI log), and the
    run's wall time: the runtimes overlap (JOBS at a time), so it is less than their sum."""
    module = sys.modules.get("test_conformance")
    if module is None or not module._CACHE:
        return
    tr = terminalreporter
    tr.section("padvec conformance per system")
    total = 0.0
    for (sid, adapter), (rep, _) in sorted(module._CACHE.items()):
        total += rep["seconds"]
        counts = ", ".join("%d %s" % (v, k) for k, v in sorted(rep["counts"].items()))
        tr.write_line("%-14s %-16s %6.1fs  %s  %s" % (sid, adapter, rep["seconds"], counts,
                                                     rep.get("versions")))
    run = module.RUN
    if run["started"] is not None and run["finished"] is not None:
        tr.write_line("%d runtimes: %.0fs of runtime, %.0fs wall with %d at a time"
                      % (len(module._CACHE), total, run["finished"] - run["started"],
                         run["jobs"]))
