"""A framework under test is untrusted: run it in a child process we can lose.

A native abort, SIGSEGV or SIGFPE kills only the worker; a hang is cut off by a timeout. Either
becomes the outcome of that one case, and a fresh worker carries on with the next.
"""
import json
import os
import select
import signal
import subprocess
import tempfile
import time

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "worker.py")


class WorkerDied(Exception):
    def __init__(self, status, detail):
        self.status = status      # crashed | hung | unavailable
        self.detail = detail
        super().__init__("%s: %s" % (status, detail))


def _signal_name(code):
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return "signal %d" % -code
    return "exit status %s" % code


class Worker:
    def __init__(self, python, adapter, env=None, start_timeout=300.0):
        self.python = python
        self.adapter = adapter
        self.env = env
        self.start_timeout = start_timeout
        self.proc = None
        self.versions = None
        self.python_version = None
        self._buf = b""
        self._stderr = None

    def start(self):
        self._stderr = tempfile.TemporaryFile()
        env = dict(os.environ)
        env.update(self.env or {})
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen([self.python, WORKER, self.adapter], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._stderr, env=env,
                                     start_new_session=True)
        ready = self._read_line(self.start_timeout)
        if not ready.get("ready"):
            self.close()
            raise WorkerDied("unavailable", "%s: %s" % (ready.get("exception"),
                                                         ready.get("message")))
        self.versions = ready["versions"]
        self.python_version = ready.get("python")

    def stderr_tail(self, limit=1500):
        if self._stderr is None:
            return ""
        self._stderr.seek(0, os.SEEK_END)
        size = self._stderr.tell()
        self._stderr.seek(max(0, size - limit))
        return self._stderr.read().decode("utf-8", "replace")

    def _read_line(self, timeout):
        deadline = time.monotonic() + timeout
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                self.kill()
                raise WorkerDied("hung", "no answer within %.0fs" % timeout)
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                code = self.proc.wait()
                raise WorkerDied("crashed", "worker died (%s); stderr: %s"
                                 % (_signal_name(code), self.stderr_tail()[-600:]))
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return json.loads(line.decode("utf-8"))

    def call(self, op, case, timeout):
        if self.proc is None:
            self.start()
        try:
            self.proc.stdin.write((json.dumps({"op": op, "case": case}) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except BrokenPipeError:
            code = self.proc.wait()
            self.proc = None
            raise WorkerDied("crashed", "worker died before the case (%s)" % _signal_name(code))
        try:
            return self._read_line(timeout)
        except WorkerDied:
            self.proc = None
            self._buf = b""
            raise

    def call_many(self, items, timeout):
        """Several requests in one round trip: items = [(op, case, repeat), ...].

        The worker answers `repeat` times per item, in order, each answer flushed on its own,
        so the first item left without all its answers is the one that crashed or hung the
        worker. Returns (answers, failure): answers[i] = the list of answers of item i for
        every item that finished; failure = None, or (i, WorkerDied) for the item that killed
        the worker (later items were not run; the next call starts a fresh worker).
        `timeout` bounds each answer, as for call().
        """
        answers = []
        try:
            if self.proc is None:
                self.start()
            batch = [{"op": op, "case": case, "repeat": int(repeat)}
                     for op, case, repeat in items]
            try:
                self.proc.stdin.write((json.dumps({"batch": batch}) + "\n").encode("utf-8"))
                self.proc.stdin.flush()
            except BrokenPipeError:
                code = self.proc.wait()
                raise WorkerDied("crashed", "worker died before the case (%s)"
                                 % _signal_name(code))
            for _, _, repeat in items:
                runs = [self._read_line(timeout) for _ in range(int(repeat))]
                answers.append(runs)
        except WorkerDied as exc:
            self.kill()
            self.proc = None
            self._buf = b""
            return answers, (len(answers), exc)
        return answers, None

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def close(self):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=10)
            except Exception:
                self.kill()
            self.proc = None
