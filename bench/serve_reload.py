#!/usr/bin/env python3
"""Save-to-reload latency of `helpbook serve` (stdlib only).

    serve_reload.py --binary target/release/helpbook --site DIR [--edits 20] [--gap 1.0]

Copies the site to a temporary folder (the original is never edited),
starts `helpbook serve --port 0` on it, opens the Server-Sent Events stream
a browser tab opens, then edits one article `--edits` times, `--gap`
seconds apart (alternating a body edit and a title edit, which also moves
the article's neighbours), and measures the time from the end of each
write to the `reload` event. Prints the median, p90 and maximum, and the
server's own rebuild times ("reloaded in N ms", which leave out the
watcher's debounce).

A measurement, not a test: the goal is under 300 ms on a 10,000-article
site on a 2-core machine.
"""

import argparse
import os
import re
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def pick_article(root):
    """The first English FAQ article (else any article), by sorted path."""
    candidates = []
    for folder, _, files in os.walk(os.path.join(root, "content")):
        for name in files:
            if name.endswith(".md"):
                candidates.append(os.path.join(folder, name))
    candidates.sort()
    for path in candidates:
        if os.sep + "en" + os.sep + "faq" + os.sep in path:
            return path
    return candidates[0]


def open_events(host, port):
    sock = socket.create_connection((host, port), timeout=10)
    sock.sendall(
        f"GET /__helpbook/events HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode()
    )
    return sock


def wait_for(sock, needle, timeout):
    """Reads from the event stream until `needle` appears; returns the time."""
    deadline = time.perf_counter() + timeout
    buffer = b""
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([sock], [], [], max(0.0, deadline - time.perf_counter()))
        if not ready:
            break
        chunk = sock.recv(65536)
        if not chunk:
            break
        buffer += chunk
        if needle in buffer:
            return time.perf_counter()
    raise TimeoutError(f"no {needle!r} within {timeout} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--site", required=True)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--gap", type=float, default=1.0)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="helpbook-serve-bench-")
    root = os.path.join(work, "site")
    shutil.copytree(args.site, root, ignore=shutil.ignore_patterns("public", ".public*"))
    log_path = os.path.join(work, "serve.log")
    log = open(log_path, "w")
    started = time.perf_counter()
    server = subprocess.Popen(
        [args.binary, "serve", "--root", root, "--port", "0", "--out", os.path.join(work, "out")],
        stdout=subprocess.PIPE,
        stderr=log,
    )
    try:
        line = server.stdout.readline().decode()
        match = re.search(r"http://([\d.]+):(\d+)/", line)
        if not match:
            sys.exit(f"server did not start: {line!r}; see {log_path}")
        host, port = match.group(1), int(match.group(2))
        print(f"site: {args.site}; server up after {time.perf_counter() - started:.1f} s")
        events = open_events(host, port)
        wait_for(events, b": connected", 10)
        article = pick_article(root)
        with open(article, encoding="utf-8") as f:
            original = f.read()
        print(f"editing {os.path.relpath(article, root)}, {args.edits} times, {args.gap} s apart")
        latencies = []
        for i in range(args.edits):
            time.sleep(args.gap)
            # Drop anything left from the previous edit (e.g. a second event).
            while select.select([events], [], [], 0)[0]:
                if not events.recv(65536):
                    break
            if i % 2 == 0:
                text = original + f"\n\nEdit number {i} of the reload benchmark.\n"
            else:
                text = re.sub(r"^title: .*$", f"title: Benchmark title {i}", original, count=1, flags=re.M)
            with open(article, "w", encoding="utf-8") as f:
                f.write(text)
            saved = time.perf_counter()
            reloaded = wait_for(events, b"event: reload", 30)
            latencies.append((reloaded - saved) * 1000)
        events.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
    with open(log_path, encoding="utf-8") as f:
        server_ms = [int(m) for m in re.findall(r"reloaded in (\d+) ms", f.read())]
    latencies.sort()
    p90 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.9))]
    print(
        f"save → reload event: median {statistics.median(latencies):.0f} ms, "
        f"p90 {p90:.0f} ms, max {latencies[-1]:.0f} ms over {len(latencies)} edits"
    )
    if server_ms:
        server_ms.sort()
        print(
            f"server rebuild (event received → reload sent): median {statistics.median(server_ms):.0f} ms, "
            f"max {server_ms[-1]} ms"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
