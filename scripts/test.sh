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
python3 -m pytest -n 2 "$@"
