"""Many cases per round trip through one runtime Worker (crash/hang isolation kept).

Requests are written in chunks of at most CHUNK_BYTES (so the write always fits the pipe and the
worker can never block us), then the answers are read one by one with the per-case timeout. A
worker that dies or hangs takes exactly one case with it: the first one it did not answer; a
fresh worker carries on with the rest.
"""
import json

from ..runner.process import WorkerDied

CHUNK_BYTES = 48 * 1024


def _fail(worker):
    worker.kill()
    worker.proc = None
    worker._buf = b""


def run_many(worker, jobs, timeout, repeat=2):
    """jobs: [(op, case)] -> per job a list of `repeat` worker answers, or a WorkerDied."""
    lines = [(json.dumps({"op": op, "case": case}) + "\n").encode("utf-8") for op, case in jobs]
    results = [None] * len(jobs)
    i = 0
    while i < len(jobs):
        if worker.proc is None:
            worker.start()
        chunk, size = [], 0
        while i + len(chunk) < len(jobs) and (not chunk or size < CHUNK_BYTES):
            size += len(lines[i + len(chunk)]) * repeat
            chunk.append(i + len(chunk))
        written, broken = 0, False
        try:
            for j in chunk:
                worker.proc.stdin.write(lines[j] * repeat)
                written += 1
            worker.proc.stdin.flush()
        except BrokenPipeError:
            broken = True   # it died on an earlier request of this chunk: reading says which
        sent = chunk[:max(written, 1)]
        for j in sent:
            try:
                results[j] = [worker._read_line(timeout) for _ in range(repeat)]
            except WorkerDied as exc:
                results[j] = exc
                _fail(worker)
                i = j + 1
                break
        else:
            i = sent[-1] + 1
            if broken:
                _fail(worker)
    return results
