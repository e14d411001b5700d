#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""request-log.py SOCKET LOG [UPSTREAM]: a unix-socket proxy in front of the real daemon (or the one
listening on the unix socket UPSTREAM) that appends every request line it forwards
("GET /v1.41/containers/json HTTP/1.1") to LOG, one per line.

Used to count what a command asks the Engine API. Everything is forwarded unchanged; it stops when
its parent (the test) kills it. Loopback only: both ends are unix sockets.
"""
import os
import socket
import sys
import threading

REAL = "/var/run/docker.sock"


def pump(src, dst, log=None):
    head = b""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            if log is not None:
                # Each request head ends with a blank line; bodies are not expected (completion and inspect are
                # GETs), so what follows is the next request.
                head += data
                while b"\r\n\r\n" in head:
                    one, head = head.split(b"\r\n\r\n", 1)
                    log.write(one.split(b"\r\n", 1)[0].decode("latin-1") + "\n")
                    log.flush()
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, log, real):
    upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        upstream.connect(real)
    except OSError:
        # no daemon there (it is restarting): the client sees its connection closed
        client.close()
        upstream.close()
        return
    threading.Thread(target=pump, args=(upstream, client), daemon=True).start()
    pump(client, upstream, log)


def main():
    path, log_path = sys.argv[1], sys.argv[2]
    real = sys.argv[3] if len(sys.argv) > 3 else REAL
    log = open(log_path, "a")
    if os.path.exists(path):
        os.unlink(path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    srv.listen(16)
    while True:
        client, _ = srv.accept()
        threading.Thread(target=serve, args=(client, log, real), daemon=True).start()


if __name__ == "__main__":
    main()
