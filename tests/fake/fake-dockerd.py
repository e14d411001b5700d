#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A Docker Engine stand-in on a unix socket that misbehaves on request.

It answers /_ping itself and builds every inspect answer from the real daemon's, so the container
behind it is real; only the framing or the content is what the scenario says. Used by
tests/integration/hostile.sh for what the real daemon never does. With FAKE_UID it answers as
that user (a daemon somebody else runs); with FAKE_USERNS=/proc/PID/ns/user it answers from that
user namespace, as its root (a rootless daemon, as its user runs it). FAKE_REAL names the daemon
whose answers it starts from (default: the host's).
"""
import ctypes
import json
import os
import socket
import sys
import time

import fakeserve

REAL = os.environ.get("FAKE_REAL", "/var/run/docker.sock")
CLONE_NEWUSER = 0x10000000


def real_get(path):
    """GET path from the real daemon (HTTP/1.0, so the answer is close-delimited)."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(REAL)
    s.sendall(f"GET {path} HTTP/1.0\r\nHost: docker\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1])
    return status, body


CACHE = {}


def inspect(ref):
    if ref in CACHE:
        return json.loads(json.dumps(CACHE[ref]))
    status, body = real_get(f"/containers/{ref}/json")
    if status != 200:
        raise SystemExit(f"fake-dockerd: real daemon answered {status} for {ref}")
    return json.loads(body)


def answer(status, body, headers=(), reason="OK"):
    lines = [f"HTTP/1.1 {status} {reason}", "Api-Version: 1.41", "Content-Type: application/json"]
    lines += list(headers)
    if not any(h.lower().startswith(("content-length", "transfer-encoding", "connection")) for h in headers):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def chunked(body, size, ext=False, trailer=False):
    out = b""
    for i in range(0, len(body), size):
        piece = body[i:i + size]
        out += f"{len(piece):x}{';name=value' if ext else ''}\r\n".encode() + piece + b"\r\n"
    out += b"0\r\n" + (b"X-Trailer: yes\r\n" if trailer else b"") + b"\r\n"
    return out


class Scenario:
    def __init__(self, name, target, other):
        self.name = name
        self.target = target  # the container named on the command line
        self.other = other    # a second real container, for cross-container PIDs

    def doc(self, **state):
        d = inspect(self.target)
        d["State"].update(state)
        return json.dumps(d).encode()

    def respond(self, conn, path):
        n = self.name
        if path.endswith("/_ping"):
            conn.sendall(answer(200, b"OK"))
            return
        if n == "hang":
            time.sleep(3600)
        body = json.dumps(inspect(self.target)).encode()
        if n == "content-length":
            conn.sendall(answer(200, body))
        elif n == "chunked-1":
            conn.sendall(answer(200, chunked(body, 1), ["Transfer-Encoding: chunked"]))
        elif n == "chunked-ext-trailer":
            conn.sendall(answer(200, chunked(body, 7, ext=True, trailer=True), ["Transfer-Encoding: chunked"]))
        elif n == "http10-close":
            conn.sendall(b"HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\n" + body)
            conn.shutdown(socket.SHUT_WR)
        elif n == "dribble":  # every byte its own write
            for b in answer(200, body):
                conn.sendall(bytes([b]))
        elif n == "truncated":
            conn.sendall(answer(200, body, [f"Content-Length: {len(body) + 100}"]))
            conn.shutdown(socket.SHUT_WR)
        elif n == "bad-chunk":
            conn.sendall(answer(200, b"zz\r\nabc\r\n0\r\n\r\n", ["Transfer-Encoding: chunked"]))
        elif n == "huge-chunk":
            conn.sendall(answer(200, b"ffffffffffffffffff\r\nabc", ["Transfer-Encoding: chunked"]))
        elif n == "garbage":
            conn.sendall(os.urandom(4096))
        elif n == "deep-json":
            conn.sendall(answer(200, b"[" * 100000 + b"]" * 100000))
        elif n == "huge-length":
            conn.sendall(answer(200, b"", [f"Content-Length: {300 << 20}"]))
            time.sleep(2)
        elif n == "huge-body":  # chunked, never ends by itself: 400 MiB offered
            conn.sendall(answer(200, b"", ["Transfer-Encoding: chunked"]))
            piece = b"100000\r\n" + b" " * 0x100000 + b"\r\n"
            try:
                for _ in range(400):
                    conn.sendall(piece)
            except OSError:
                pass
        elif n.startswith("pid="):
            v = n[4:]
            d = json.loads(body)
            if v == "missing":
                del d["State"]["Pid"]
            else:
                d["State"]["Pid"] = json.loads(v)
            conn.sendall(answer(200, json.dumps(d).encode()))
        elif n.startswith("workdir="):  # an image's WorkingDir, as hostile as it likes
            d = json.loads(body)
            d["Config"]["WorkingDir"] = n[len("workdir="):]
            conn.sendall(answer(200, json.dumps(d).encode()))
        elif n.startswith("name="):  # a name no engine would give
            d = json.loads(body)
            d["Name"] = json.loads(n[len("name="):])
            conn.sendall(answer(200, json.dumps(d).encode()))
        elif n == "pid-other":  # the PID of another container
            d = json.loads(body)
            d["State"]["Pid"] = inspect(self.other)["State"]["Pid"]
            conn.sendall(answer(200, json.dumps(d).encode()))
        elif n == "redirect":
            conn.sendall(answer(301, b"", ["Location: /elsewhere", "Content-Length: 0"], "Moved"))
        elif n == "error-500":
            msg = "boom \x1b[31mred\x1b[0m \x1b]0;title\x07 bell\x07 done\r\nsecond line"
            conn.sendall(answer(500, json.dumps({"message": msg}).encode(), reason="Internal Server Error"))
        elif n == "error-404":
            conn.sendall(answer(404, json.dumps({"message": "No such container: x"}).encode(), reason="Not Found"))
        else:
            raise SystemExit(f"fake-dockerd: unknown scenario {n}")


def serve(conn, scenario):
    buf = b""
    try:
        while True:
            while b"\r\n\r\n" not in buf:
                data = conn.recv(65536)
                if not data:
                    return
                buf += data
            head, _, buf = buf.partition(b"\r\n\r\n")
            path = head.split(b" ")[1].decode()
            scenario.respond(conn, path)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    sock_path, name, target = sys.argv[1:4]
    other = sys.argv[4] if len(sys.argv) > 4 else target
    scenario = Scenario(name, target, other)
    uid = os.environ.get("FAKE_UID")
    userns = os.environ.get("FAKE_USERNS")
    if uid or userns:  # answer as another user: ask the real daemon first, then drop to uid before listening
        for ref in (target, other):
            CACHE[ref] = inspect(ref)
        os.setgroups([])
        if userns:  # its root is the user who made it
            fd = os.open(userns, os.O_RDONLY)
            if ctypes.CDLL(None, use_errno=True).setns(fd, CLONE_NEWUSER) != 0:
                raise SystemExit(f"fake-dockerd: setns {userns}: {os.strerror(ctypes.get_errno())}")
            os.close(fd)
            uid = "0"
        os.setresgid(int(uid), int(uid), int(uid))
        os.setresuid(int(uid), int(uid), int(uid))
    fakeserve.serve_forever(sock_path, serve, scenario)


if __name__ == "__main__":
    main()
