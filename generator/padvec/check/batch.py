"""Many cases per round trip through one runtime Worker (crash/hang isolation kept).

A writer thread streams the requests while this thread reads the answers one by one with the
per-case timeout: neither side can block the other on a full pipe (answers can be far larger
than requests). A worker that dies or hangs takes exactly one case with it: the first one it did
not answer; a fresh worker carries on with the rest.
"""
import json
import threading

from ..runner.process import WorkerDied


def _stream(stdin, payloads):
    try:
        for p in payloads:
            stdin.write(p)
        stdin.flush()
    except (BrokenPipeError, ValueError, OSError):
        pass   # the worker died: the reader attributes it to the case it did not answer


def run_many(worker, jobs, timeout, repeat=2):
    """jobs: [(op, case)] -> per job a list of `repeat` worker answers, or a WorkerDied."""
    lines = [(json.dumps({"op": op, "case": case}) + "\n").encode("utf-8") * repeat
             for op, case in jobs]
    results = [None] * len(jobs)
    i = 0
    while i < len(jobs):
        if worker.proc is None:
            worker.start()
        writer = threading.Thread(target=_stream, args=(worker.proc.stdin, lines[i:]),
                                  daemon=True)
        writer.start()
        start = i
        for j in range(start, len(jobs)):
            try:
                results[j] = [worker._read_line(timeout) for _ in range(repeat)]
            except WorkerDied as exc:
                results[j] = exc
                worker.kill()
                worker.proc = None
                worker._buf = b""
                i = j + 1
                break
        else:
            i = len(jobs)
        writer.join()
    return results
