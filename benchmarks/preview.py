"""Talking to a local `kopilka serve`: a free loopback port, a page fetch, a bounded wait.

Shared by the benchmark runner and `scripts/preview_latency.py`; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
