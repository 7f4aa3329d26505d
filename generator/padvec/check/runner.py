"""An implementation command, run under the harness protocol with crash and hang isolation.

Built on runner/process.py's Worker (the process group, the select() read with a deadline, the
stderr capture): only starting the command and the messages differ. The command is split with
shlex and started without a shell, so a signal that kills it is seen as that signal.
"""
import os
import shlex
import subprocess
import tempfile

from ..runner.process import Worker, WorkerDied, _signal_name
from . import protocol


class ImplementationProcess(Worker):
    def __init__(self, command, start_timeout=60.0, env=None):
        super().__init__(python=None, adapter=None, env=env, start_timeout=start_timeout)
        self.command = command
        self.argv = shlex.split(command)
        if not self.argv:
            raise ValueError("--impl: empty command")
        self.info = None
        self.restarts = 0

    def start(self):
        """Start the command and replay `start`; WorkerDied if it does not answer properly."""
        self._stderr = tempfile.TemporaryFile()
        self._buf = b""
        env = dict(os.environ)
        env.update(self.env or {})
        env.setdefault("PYTHONUNBUFFERED", "1")
        try:
            self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr, env=env, start_new_session=True)
        except OSError as exc:
            self.proc = None
            raise WorkerDied("unavailable", "cannot start %r: %s" % (self.command, exc))
        try:
            self._send(protocol.start_request())
            reply = self._receive(self.start_timeout)
            self.info = protocol.validate_start_reply(reply)
        except protocol.ProtocolError as exc:
            self.kill()
            self.proc = None
            raise WorkerDied("unavailable", "start: %s; stderr: %s"
                             % (exc, self.stderr_tail()[-600:]))
        except WorkerDied as exc:
            self.proc = None
            raise WorkerDied("unavailable", "start: %s" % exc.detail)

    def _send(self, message):
        try:
            self.proc.stdin.write((protocol.dumps(message) + "\n").encode("utf-8"))
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            code = self.proc.wait()
            raise WorkerDied("crashed", "died before the request (%s); stderr: %s"
                             % (_signal_name(code), self.stderr_tail()[-600:]))

    def _receive(self, timeout):
        """One reply line as a JSON object (ProtocolError on garbage)."""
        try:
            return super()._read_line(timeout)
        except ValueError as exc:  # json.loads of a garbage line
            raise protocol.ProtocolError("not JSON: %s" % exc)

    def run(self, seq, system, op, case, timeout):
        """The validated reply to one case; WorkerDied (crashed, hung, protocol_error) else.

        After any failure the process is killed and the next call starts a fresh one.
        """
        if self.proc is None:
            self.restarts += 1
            self.start()
        try:
            self._send(protocol.run_request(seq, system, op, case))
            message = self._receive(timeout)
            if not isinstance(message, dict):
                raise protocol.ProtocolError("not a JSON object: %r" % (message,))
            return protocol.validate_run_reply(message, seq)
        except protocol.ProtocolError as exc:
            self.kill()
            self._drop()
            raise WorkerDied("protocol_error", "%s; stderr: %s" % (exc, self.stderr_tail()[-300:]))
        except WorkerDied:
            self.kill()
            self._drop()
            raise

    def _drop(self):
        self.proc = None
        self._buf = b""

    def close(self):
        """Send `stop` (no reply expected), then let it exit; kill it if it lingers."""
        if self.proc is None:
            return
        try:
            self._send(protocol.stop_request())
        except WorkerDied:
            pass
        super().close()
