#!/usr/bin/env bash
# Regenerates the PyTorch reference fixtures in a venv (.venv-ref, git-ignored).
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x .venv-ref/bin/python ] || python3 -m venv .venv-ref
.venv-ref/bin/pip install -q 'torch==2.13.0+cpu' safetensors numpy
.venv-ref/bin/python scripts/reference/make_fixtures.py
