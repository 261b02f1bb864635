#!/usr/bin/env python3
"""Save-to-reload latency of `waymark serve`, and the rebuild time of `mdbook serve` for
the same edit, on a generated 1,000-page handbook.

usage: bench/serve-latency.py [--pages N] [--edits N] [--mdbook]

waymark: time from writing the page to the reload event reaching an EventSource client
(includes the debounce, the rebuild and the event). mdbook: time from writing the page
to the rebuilt HTML holding the edit (mdbook sends its reload right after that).
Prints medians and percentiles; writes nothing else.
"""
import argparse, http.client, os, queue, shutil, signal, socket, statistics, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port, path="/", timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", path)
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"server on port {port} did not answer")


def generate(pages, out, summary):
    args = ["cargo", "run", "-q", "--release", "--example", "gen-corpus", "--", str(pages), out]
    if summary:
        args.append("--summary")
    subprocess.run(args, cwd=ROOT, check=True)


def percentiles(xs):
    xs = sorted(xs)
    q = lambda p: xs[min(len(xs) - 1, int(p * len(xs)))]
    return f"p50 {statistics.median(xs)*1000:.1f} ms, p90 {q(0.9)*1000:.1f} ms, min {xs[0]*1000:.1f} ms, max {xs[-1]*1000:.1f} ms (n={len(xs)})"


def bench_waymark(pages, edits):
    work = tempfile.mkdtemp(prefix="waymark-serve-bench-")
    site = os.path.join(work, "site")
    generate(pages, site, False)
    binary = os.path.join(ROOT, "target", "release", "waymark")
    subprocess.run(["cargo", "build", "-q", "--release"], cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen([binary, "serve", site, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        wait_http(port)
        events = queue.Queue()
        conn = http.client.HTTPConnection("127.0.0.1", port)
        conn.request("GET", "/__waymark/events")
        resp = conn.getresponse()

        def read():
            while True:
                line = resp.fp.readline()
                if not line:
                    return
                if line.startswith(b"data:"):
                    events.put((time.perf_counter(), line.decode()))

        threading.Thread(target=read, daemon=True).start()
        time.sleep(0.5)
        page = os.path.join(site, "part-0", "page-1.md")
        samples = []
        for i in range(edits):
            with open(page, "a") as f:
                t0 = time.perf_counter()
                f.write(f"\nEdit number {i}.\n")
            while True:
                t1, data = events.get(timeout=10)
                if "page-1.html" in data or '"*"' in data:
                    samples.append(t1 - t0)
                    break
            time.sleep(0.15)
        return samples
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def bench_mdbook(pages, edits):
    if not shutil.which("mdbook"):
        raise SystemExit("mdbook is not installed: run scripts/install-test-tools.sh")
    work = tempfile.mkdtemp(prefix="mdbook-serve-bench-")
    book = os.path.join(work, "book")
    generate(pages, book, True)
    port = free_port()
    server = subprocess.Popen(["mdbook", "serve", "-p", str(port), "-n", "127.0.0.1"], cwd=book,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_http(port, timeout=600)
        page = os.path.join(book, "src", "part-0", "page-1.md")
        html = os.path.join(book, "book", "part-0", "page-1.html")
        samples = []
        for i in range(edits):
            marker = f"Edit number {i}."
            with open(page, "a") as f:
                t0 = time.perf_counter()
                f.write(f"\n{marker}\n")
            end = t0 + 60
            while time.perf_counter() < end:
                try:
                    with open(html, encoding="utf-8") as f:
                        if marker in f.read():
                            samples.append(time.perf_counter() - t0)
                            break
                except OSError:
                    pass
                time.sleep(0.005)
            time.sleep(1.5)
        return samples
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--mdbook", action="store_true", help="also measure mdbook serve")
    a = ap.parse_args()
    print(f"waymark serve, {a.pages} pages: {percentiles(bench_waymark(a.pages, a.edits))}")
    if a.mdbook:
        print(f"mdbook serve, {a.pages} pages: {percentiles(bench_mdbook(a.pages, min(a.edits, 10)))}")


if __name__ == "__main__":
    main()
