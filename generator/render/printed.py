"""The end of a printed record page: its address and a QR code of it, so that a paper copy on a
staff-room board leads back to the site. Made at build time (segno draws the code as inline
SVG, the same bytes for the same address) and shown only in print; without `site_url` there is
no address to print here, and `kopilka.js` prints the one the browser shows.
"""

from __future__ import annotations

import html

import segno

from generator.build.incremental import Graph
from generator.corpus import lookup
from generator.render.urls import entity_url


def printed_address(g: Graph, kind: str, entity_id: str) -> str:
    """Safe HTML for the end of a printed page, or "" without `site_url`."""
    address = lookup.publishing(g).absolute(entity_url(kind, entity_id))
    if address is None:
        return ""
    code = segno.make(address, error="m").svg_inline(scale=2, border=2, svgclass="kp-qr", lineclass=None)
    code = code.replace("<svg ", '<svg role="img" aria-label="QR-код адреса страницы" ', 1)
    return (f'\n<div class="kp-print-address" data-pagefind-ignore><p>Страница на сайте: '
            f'{html.escape(address, quote=False)}</p>{code}</div>\n')
