"""Runs the built ofdump's --frame and --build for the packet library's
cross-checks (crosscheck.py, tshark_check.py, gen_vectors.py), so that what
they prove is the user-facing tool.

Each call is one ofdump process for a whole batch of frames; the problems
ofdump reports on standard error ("argument N: ...", "packet N ...: ...",
"frame N: ...") are given back with the frame they name.
"""

import json
import re
import subprocess


class Ofdump:
    """The ofdump at 'path'."""

    def __init__(self, path):
        self.path = path

    def run(self, args, stdin=b''):
        return subprocess.run([self.path] + args, input=stdin, capture_output=True)

    @staticmethod
    def _problems(stderr, pattern):
        """Maps frame number (from 1) -> list of messages, for the stderr
        lines that match 'pattern' (its group 1 is the number)."""
        found = {}
        for line in stderr.decode(errors='replace').splitlines():
            m = re.match(pattern, line)
            if m:
                found.setdefault(int(m.group(1)), []).append(line)
        return found

    def _lines(self, proc, n):
        lines = proc.stdout.decode(errors='replace').split('\n')
        if len(lines) < n + 1 or proc.returncode not in (0, 1):
            raise RuntimeError('ofdump %s: exit status %d, %d lines for %d frames: %s'
                               % (' '.join(proc.args[1:3]), proc.returncode,
                                  len(lines) - 1, n, proc.stderr.decode(errors='replace')))
        return lines[:n]

    def decode(self, frames, text=False):
        """Decodes each frame (bytes), passed as a hex argument: returns a
        list of (JSON or text line, [problems ofdump reported])."""
        if not frames:
            return []
        args = ['--frame'] + (['--text'] if text else []) + [f.hex() for f in frames]
        proc = self.run(args)
        lines = self._lines(proc, len(frames))
        probs = self._problems(proc.stderr, r'ofdump: argument (\d+): ')
        return [(line, probs.get(i + 1, [])) for i, line in enumerate(lines)]

    def decode_pcap(self, path, n):
        """Decodes the n records of the pcap capture at 'path' as JSON: a
        list of (JSON line, [problems])."""
        proc = self.run(['--frame', path])
        lines = self._lines(proc, n)
        probs = self._problems(proc.stderr, r'ofdump: .*?: packet (\d+) \(offset \d+\): ')
        return [(line, probs.get(i + 1, [])) for i, line in enumerate(lines)]

    def build(self, packets):
        """Builds a frame from each JSON value (Python objects) with
        --build --hex: a list of bytes, or of str (ofdump's error) for the
        frames it refused."""
        if not packets:
            return []
        text = '\n'.join(json.dumps(p) for p in packets) + '\n'
        proc = self.run(['--build', '--hex', '-'], text.encode())
        probs = self._problems(proc.stderr, r'ofdump: -: frame (\d+): ')
        lines = iter(proc.stdout.decode(errors='replace').split('\n'))
        out = []
        for i in range(len(packets)):
            if i + 1 in probs:
                out.append('; '.join(probs[i + 1]))
            else:
                out.append(bytes.fromhex(next(lines, '')))
        if proc.returncode and not probs:
            raise RuntimeError('ofdump --build: exit status %d: %s'
                               % (proc.returncode, proc.stderr.decode(errors='replace')))
        return out

    def build_pcap(self, packets, path):
        """Builds every frame into the pcap capture 'path' with --build
        --pcap.  Returns ofdump's error text, or '' on success."""
        text = '\n'.join(json.dumps(p) for p in packets) + '\n'
        proc = self.run(['--build', '--pcap', '-o', path, '-'], text.encode())
        return proc.stderr.decode(errors='replace') if proc.returncode else ''
