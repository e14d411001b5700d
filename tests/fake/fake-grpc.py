#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A containerd stand-in on a unix socket that speaks just enough HTTP/2 and gRPC to answer one unary call per
connection as the scenario says, well-formed or hostile. Frames, HPACK (literal fields, no Huffman) and protobuf are
written by hand here, so every byte is under the scenario's control. Used by tests/integration/containerd.sh for what
the real daemon never does.

    fake-grpc.py SOCKET SCENARIO

Scenarios: list=ID,ID...  task=PID:STATUS  not-found  unimplemented  http1  huge  compressed  close-mid
no-status  silent  dribble  two-messages  headers-flood
"""
import os
import socket
import sys
import time

import fakeserve

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY = 0, 1, 3, 4, 6, 7
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4


def frame(ftype, flags, stream, payload=b""):
    return len(payload).to_bytes(3, "big") + bytes([ftype, flags]) + stream.to_bytes(4, "big") + payload


def hpack_int(first, bits, v):
    top = (1 << bits) - 1
    if v < top:
        return bytes([first | v])
    out = bytearray([first | top])
    v -= top
    while v >= 128:
        out.append(v % 128 + 128)
        v //= 128
    out.append(v)
    return bytes(out)


def header_block(fields):
    out = b""
    for name, value in fields:
        name, value = name.encode(), value.encode() if isinstance(value, str) else value
        out += b"\x00" + hpack_int(0, 7, len(name)) + name + hpack_int(0, 7, len(value)) + value
    return out


def headers(fields, end=False):
    return frame(HEADERS, END_HEADERS | (END_STREAM if end else 0), 1, header_block(fields))


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def field(num, value):
    if isinstance(value, int):
        return varint(num << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(num << 3 | 2) + varint(len(value)) + value


def container(cid, labels=None):
    body = field(1, cid)
    for k, v in (labels or {}).items():
        body += field(2, field(1, k) + field(2, v))
    return body + field(3, "docker.io/library/busybox:latest") + field(4, field(1, "io.containerd.runc.v2"))


def grpc_message(msg, flag=0, length=None):
    return bytes([flag]) + (len(msg) if length is None else length).to_bytes(4, "big") + msg


OK_HEADERS = [(":status", "200"), ("content-type", "application/grpc")]
STATUS_NAMES = {"created": 1, "running": 2, "stopped": 3, "paused": 4}


def pct(s):
    return "".join(c if 0x20 <= ord(c) < 0x7F and c != "%" else "".join(f"%{b:02X}" for b in c.encode()) for c in s)


def unary(conn, msg, trailers=(("grpc-status", "0"),)):
    conn.sendall(headers(OK_HEADERS) + frame(DATA, 0, 1, grpc_message(msg)) + headers(list(trailers), end=True))


def respond(conn, scenario):
    name, _, arg = scenario.partition("=")
    if name == "list":
        ids = [i for i in arg.split(",") if i]
        unary(conn, b"".join(field(1, container(i)) for i in ids))
    elif name == "task":
        pid, status = arg.split(":")
        unary(conn, field(1, field(2, "") + field(3, int(pid)) + field(4, STATUS_NAMES[status]) + field(9, 0)))
    elif name == "not-found":
        msg = "container \"x\" \x1b[31mnot found\x1b[0m\x1b]0;pwned\x07: not found"
        conn.sendall(headers(OK_HEADERS + [("grpc-status", "5"), ("grpc-message", pct(msg))], end=True))
    elif name == "unimplemented":
        conn.sendall(headers(OK_HEADERS + [("grpc-status", "12"), ("grpc-message", "unknown service")], end=True))
    elif name == "http1":
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    elif name == "huge":  # a message of 2 GiB announced, and bytes to go with it until the client gives up
        conn.sendall(headers(OK_HEADERS) + frame(DATA, 0, 1, grpc_message(b"x" * 16000, length=0x7FFFFFFF)))
        try:
            for _ in range(4096):
                conn.sendall(frame(DATA, 0, 1, b"x" * 16384))
        except OSError:
            pass
    elif name == "compressed":
        conn.sendall(headers(OK_HEADERS) + frame(DATA, 0, 1, grpc_message(b"\x0a\x00", flag=1)))
    elif name == "close-mid":
        conn.sendall(headers(OK_HEADERS) + frame(DATA, 0, 1, grpc_message(b"\x0a\x05ab", length=9)))
    elif name == "no-status":
        conn.sendall(headers(OK_HEADERS) + frame(DATA, END_STREAM, 1, grpc_message(b"")))
    elif name == "two-messages":
        m = grpc_message(field(1, container("a")))
        conn.sendall(headers(OK_HEADERS) + frame(DATA, 0, 1, m + m) + headers([("grpc-status", "0")], end=True))
    elif name == "headers-flood":
        conn.sendall(headers(OK_HEADERS + [(f"x-h{i}", "v" * 100) for i in range(150)]))
    elif name == "silent":
        time.sleep(3600)
    elif name == "dribble":  # a good answer, one byte every 50 ms
        m = grpc_message(field(1, container("a")))
        for b in headers(OK_HEADERS) + frame(DATA, 0, 1, m) + headers([("grpc-status", "0")], end=True):
            conn.sendall(bytes([b]))
            time.sleep(0.05)
    else:
        raise SystemExit(f"fake-grpc: unknown scenario {scenario}")


def read_request(conn):
    """Read the preface and frames until the request on stream 1 ends; acknowledge SETTINGS."""
    buf = b""
    while len(buf) < len(PREFACE):
        d = conn.recv(65536)
        if not d:
            return False
        buf += d
    if not buf.startswith(PREFACE):
        return False
    buf = buf[len(PREFACE):]
    while True:
        while len(buf) >= 9 and len(buf) >= 9 + int.from_bytes(buf[:3], "big"):
            n = int.from_bytes(buf[:3], "big")
            ftype, flags, stream = buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF
            buf = buf[9 + n:]
            if ftype == SETTINGS and not flags & ACK:
                conn.sendall(frame(SETTINGS, ACK, 0))
            if ftype in (DATA, HEADERS) and stream == 1 and flags & END_STREAM:
                return True
        d = conn.recv(65536)
        if not d:
            return False
        buf += d


def serve(conn, scenario):
    try:
        if scenario != "http1":
            conn.sendall(frame(SETTINGS, 0, 0))
        if read_request(conn):
            respond(conn, scenario)
        # close only once the client has: closing with its bytes unread would reset the connection
        conn.shutdown(socket.SHUT_WR)
        conn.settimeout(5)
        while conn.recv(65536):
            pass
    except OSError:
        pass
    finally:
        conn.close()


def main():
    sock_path, scenario = sys.argv[1:3]
    fakeserve.serve_forever(sock_path, serve, scenario)


if __name__ == "__main__":
    main()
