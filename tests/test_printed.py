"""A printed practice ends with its published address and a QR code of it."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.corpus.check import check
from generator.render.urls import entity_url
from tests.conftest import REPO
from tests.sitefiles import page


@pytest.fixture(scope="module")
def records():
    site, diagnostics = check(REPO)
    assert not diagnostics.errors
    return site


def test_every_practice_prints_its_address_and_a_qr_code(example_build, records):
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    codes = set()
    for practice_id in records.practices:
        built = page(example_build, entity_url("practice", practice_id))
        block = re.search(r'<div class="kp-print-address" data-pagefind-ignore>(.*?)</div>', built, re.S)
        assert block, practice_id
        assert f"Страница на сайте: {site_url}{entity_url('practice', practice_id)}</p>" in block.group(1)
        svg = re.search(r'<svg role="img" aria-label="[^"]+"[^>]*class="kp-qr">.*?</svg>', block.group(1), re.S)
        assert svg, practice_id
        codes.add(svg.group(0))
    assert len(codes) == len(records.practices)  # one code per address
