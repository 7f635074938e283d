"""Talking to a local `kopilka serve`: a free loopback port, a page fetch, a bounded wait.

Shared by the benchmark runner and `scripts/preview_latency.py`; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import random
import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    """A port for a server started next. Not one the kernel hands out for port 0: it closes
    here, and a server elsewhere that binds port 0 meanwhile (a test's static server) could get
    it; the preview would then fail to start and its URL answer with someone else's site."""
    rng = random.SystemRandom()
    while True:
        port = rng.randrange(20000, 32000)  # below Linux's ephemeral range (32768-60999)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port


def fetch(url: str) -> str | None:
    """The page's text, or None while the server is not answering."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_for(url: str, marker: str, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until `marker` is in the page at `url`, or None after `timeout`."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        text = fetch(url)
        if text is not None and marker in text:
            return time.monotonic() - start
        time.sleep(interval)
    return None
