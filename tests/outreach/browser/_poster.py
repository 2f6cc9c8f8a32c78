"""Runs in a separate OS process (no Django here): POSTs encounters to the live server."""

import time
import urllib.error
import urllib.request


def post_all(url, cookie, csrf, bodies, barrier, results, name):
    out = []
    for body in bodies:
        barrier.wait(timeout=30)  # both processes send this id at the same moment
        request = urllib.request.Request(
            url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Referer": url,
            },
        )
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, answer = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, answer = exc.code, exc.read()
        out.append((status, (time.perf_counter() - start) * 1000, answer))
    results.put((name, out))
