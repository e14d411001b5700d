# SPDX-License-Identifier: Apache-2.0
"""What every fake daemon under tests/fake shares: listen on a unix socket, say "ready" (the tests wait for that line)
and serve each connection on a thread of its own."""
import os
import socket
import threading


def serve_forever(sock_path, serve, *args):
    """Serve connections on sock_path forever, calling serve(conn, *args) for each on its own thread."""
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(16)
    print("ready", flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(conn, *args), daemon=True).start()
