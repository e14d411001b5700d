#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A CRI-O stand-in on a unix socket: its HTTP inspect endpoint as server/inspect.go answers it (GET /info,
GET /containers/{id} with the ContainerInfo JSON, 404 "can't find the container with id ..." as http.Error writes
it), for containers described in a JSON file whose PIDs are real processes of real containers the test started.
CRI-O is not packaged for Debian 12; everything but the daemon is real. A scenario makes the answers hostile.

    fake-crio.py SOCKET CONTAINERS.json SCENARIO

Scenarios: ok  pid-string  pid-huge  labels-list  not-json  not-http  huge-body  error-escape  silent  truncated
"""
import json
import os
import socket
import sys
import time

import fakeserve

INFO = {
    "storage_driver": "overlay",
    "storage_image": "",
    "storage_root": "/var/lib/containers/storage",
    "cgroup_driver": "systemd",
    "default_id_mappings": {"uids": [{"container_id": 0, "host_id": 0, "size": 4294967295}],
                            "gids": [{"container_id": 0, "host_id": 0, "size": 4294967295}]},
}


def answer(status, body, ctype="application/json", reason="OK", extra=""):
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n{extra}"
    if "Content-Length" not in extra:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + "\r\n").encode() + body


def not_found(cid, scenario):
    # net/http's Error: text/plain, the message and a newline
    msg = f"can't find the container with id {cid}"
    if scenario == "error-escape":
        msg += " \x1b[31mred\x1b[0m \x1b]0;title\x07"
    return answer(404, (msg + "\n").encode(), "text/plain; charset=utf-8", "Not Found",
                  "X-Content-Type-Options: nosniff\r\n")


def container_answer(info, scenario):
    d = dict(info)
    if scenario == "pid-string":
        d["pid"] = str(d["pid"])
    elif scenario == "pid-huge":
        d["pid"] = 1 << 40
    elif scenario == "labels-list":
        d["labels"] = list(d["labels"].items())
    elif scenario == "not-json":
        return answer(200, b"{\"name\": \"x\", \"pid\": ")
    elif scenario == "huge-body":
        return answer(200, b"", extra=f"Content-Length: {64 << 20}\r\n") + b" " * (9 << 20)
    elif scenario == "truncated":
        body = json.dumps(d).encode()
        return answer(200, b"", extra=f"Content-Length: {len(body) + 50}\r\n") + body
    return answer(200, json.dumps(d).encode())


def respond(conn, path, containers, scenario):
    if scenario == "not-http":
        conn.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
        return
    if scenario == "silent":
        time.sleep(3600)
    if path == "/info":
        conn.sendall(answer(200, json.dumps(INFO).encode()))
    elif path.startswith("/containers/"):
        cid = path[len("/containers/"):]
        if cid in containers:
            conn.sendall(container_answer(containers[cid], scenario))
        else:
            conn.sendall(not_found(cid, scenario))
    else:
        conn.sendall(answer(404, b"404 page not found\n", "text/plain; charset=utf-8", "Not Found"))


def serve(conn, containers, scenario):
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            data = conn.recv(65536)
            if not data:
                return
            buf += data
        path = buf.split(b" ")[1].decode()
        respond(conn, path, containers, scenario)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    sock_path, desc, scenario = sys.argv[1:4]
    with open(desc) as f:
        containers = json.load(f)
    fakeserve.serve_forever(sock_path, serve, containers, scenario)


if __name__ == "__main__":
    main()
