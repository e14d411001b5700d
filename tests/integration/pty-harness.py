#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""Run a command on a terminal of its own and drive it like a person at a keyboard, for the terminal tests.

usage: pty-harness.py [ACTION...] -- COMMAND [ARG...]
actions, done in order:
  --size ROWS COLS     set the terminal's size (before the start: its first size)
  --send TEXT          type TEXT (\\n, \\r, \\x03 ... are decoded)
  --expect REGEX       wait (10 s at most) until the output so far matches REGEX
  --sleep SECONDS      wait
  --signal NAME        send the signal to the command (the process the harness started)
At the end it waits (20 s at most) for the command to exit, then prints:
  EXIT <status>        (128+N for a signal, "timeout" if it did not end)
  TERMIOS same|changed (the terminal's modes after the exit compared with before the start)
  OUTPUT <repr of everything the command wrote>
and exits 0, or 1 when an --expect was not met."""
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
import fcntl


def set_size(fd, rows, cols):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


def main():
    argv = sys.argv[1:]
    sep = argv.index("--")
    actions, cmd = argv[:sep], argv[sep + 1:]
    size = (24, 80)
    if actions[:1] == ["--size"]:
        size = (int(actions[1]), int(actions[2]))
        actions = actions[3:]
    pid, master = pty.fork()
    if pid == 0:
        os.execvp(cmd[0], cmd)
    set_size(master, *size)
    before = termios.tcgetattr(master)
    out = b""
    ok = True

    def pump(timeout):
        """Read what comes within timeout: True for data, None for nothing, False once the terminal is closed."""
        nonlocal out
        r, _, _ = select.select([master], [], [], timeout)
        if not r:
            return None
        try:
            data = os.read(master, 65536)
        except OSError:
            return False
        if not data:
            return False
        out += data
        return True

    i = 0
    while i < len(actions):
        a = actions[i]
        if a == "--size":
            set_size(master, int(actions[i + 1]), int(actions[i + 2]))
            i += 3
            continue
        arg = actions[i + 1]
        i += 2
        if a == "--send":
            os.write(master, arg.encode().decode("unicode_escape").encode("latin-1"))
        elif a == "--expect":
            end = time.time() + 10
            while not re.search(arg.encode(), out) and time.time() < end:
                if pump(0.1) is False:
                    break
            if not re.search(arg.encode(), out):
                ok = False
                print("EXPECT-FAILED %r" % arg)
        elif a == "--sleep":
            end = time.time() + float(arg)
            while time.time() < end:
                pump(0.05)
        elif a == "--signal":
            os.kill(pid, getattr(signal, arg))
    status = "timeout"
    end = time.time() + 20
    while time.time() < end:
        pump(0.05)
        r, st = os.waitpid(pid, os.WNOHANG)
        if r == pid:
            status = os.WEXITSTATUS(st) if os.WIFEXITED(st) else 128 + os.WTERMSIG(st)
            break
    while pump(0.2) is True:
        pass
    if status == "timeout":
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    try:
        after = termios.tcgetattr(master)
    except termios.error:
        after = None
    print("EXIT %s" % status)
    print("TERMIOS %s" % ("same" if after == before else "changed"))
    print("OUTPUT %r" % out)
    return 0 if ok else 1


sys.exit(main())
