#!/usr/bin/env bash
# Set up Kopilka and build the example site into site/ (fresh machine: Python 3.11 and pip).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e .
python3 -m generator build .
