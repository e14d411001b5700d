#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A daemon socket whose listen backlog is full, as on a busy dockerd.

Listens on PATH with room for one pending connection and takes that room itself, so the next connect() fails with
EAGAIN. After DELAY seconds (never when DELAY is negative) it accepts every connection and relays each to the real
daemon's socket, so a client that keeps trying gets through. Prints "ready" once the backlog is full.
"""
import os
import socket
import sys
import threading
import time

REAL = "/var/run/docker.sock"


def pump(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def relay(conn):
    real = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    real.connect(REAL)
    threading.Thread(target=pump, args=(conn, real), daemon=True).start()
    threading.Thread(target=pump, args=(real, conn), daemon=True).start()


def main():
    path, delay = sys.argv[1], float(sys.argv[2])
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    os.chmod(path, 0o600)
    listener.listen(0)
    hold = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    hold.connect(path)
    print("ready", flush=True)
    if delay < 0:
        time.sleep(3600)
        return
    time.sleep(delay)
    while True:
        conn, _ = listener.accept()
        relay(conn)


if __name__ == "__main__":
    main()
