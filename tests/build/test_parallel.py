"""The one parallel primitive: shares in forked children, their answers back whole."""

from __future__ import annotations

import os
import tempfile

import pytest

from generator.build.parallel import in_shares


def _leftovers() -> set[str]:
    return {name for name in os.listdir(tempfile.gettempdir()) if name.startswith(f"kopilka-share-{os.getpid()}-")}


def test_every_share_comes_back_whole_in_order_and_leaves_no_file():
    shares = [list(range(n * 1000, n * 1000 + 1000)) for n in range(3)]
    big = in_shares(lambda share: [("страница", n, "текст " * 20) for n in share], shares)
    assert [[n for _, n, _ in part] for part in big] == shares
    assert all(text == "текст " * 20 for part in big for _, _, text in part)
    assert _leftovers() == set()


def test_a_failing_share_fails_the_call_with_its_traceback_and_leaves_no_file():
    def work(share):
        if share == "плохая":
            raise ValueError("ошибка в доле")
        return share

    with pytest.raises(RuntimeError, match="ошибка в доле"):
        in_shares(work, ["хорошая", "плохая"])
    assert _leftovers() == set()
