#!/usr/bin/python3
# SPDX-License-Identifier: Apache-2.0
"""A Docker Engine stand-in that answers from files: what a real daemon never says, said on purpose.

Usage: static-dockerd.py SOCKET DIR. GET /_ping answers OK; GET /info answers DIR/info.json; GET
/containers/NAME/json answers DIR/container-NAME.json and GET /images/NAME/json DIR/image-NAME.json (NAME
percent-decoded, '/' as '_'), 404 when there is no such file. Prints "ready" once it listens. Used by the
tests of --stopped and --tools for layer and mount paths that point where no daemon would.
"""
import os
import sys
import urllib.parse

import fakeserve


def answer(status, body):
    reason = {200: "OK", 404: "Not Found"}.get(status, "Error")
    head = (f"HTTP/1.1 {status} {reason}\r\nApi-Version: 1.41\r\nServer: Docker/20.10.24 (linux)\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


def route(root, path):
    path = urllib.parse.urlsplit(path).path
    parts = path.split("/")
    if parts[1].startswith("v1."):
        parts = parts[1:]
    if parts[1:] == ["_ping"]:
        return answer(200, b"OK")
    if parts[1:] == ["info"]:
        name = "info.json"
    elif len(parts) >= 4 and parts[1] in ("containers", "images") and parts[-1] == "json":
        ref = urllib.parse.unquote("/".join(parts[2:-1])).replace("/", "_")
        name = f"{parts[1][:-1]}-{ref}.json"
    else:
        return answer(404, b'{"message": "not here"}')
    try:
        with open(os.path.join(root, name), "rb") as f:
            return answer(200, f.read())
    except FileNotFoundError:
        return answer(404, b'{"message": "No such object"}')


def serve(conn, root):
    with conn:
        data = b""
        while True:
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, data = data.partition(b"\r\n\r\n")
            line = head.split(b"\r\n")[0].decode()
            conn.sendall(route(root, line.split(" ")[1]))


def main():
    sock_path, root = sys.argv[1], sys.argv[2]
    fakeserve.serve_forever(sock_path, serve, root)


if __name__ == "__main__":
    main()
