#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine:
# tesseract-ocr + Vietnamese data (apt-get, only when missing) and the
# Python package with its dependencies (editable, so rules/ is used in place).
set -euo pipefail
cd "$(dirname "$0")/.."
need_apt=()
command -v tesseract >/dev/null 2>&1 || need_apt+=(tesseract-ocr)
if ! tesseract --list-langs 2>/dev/null | grep -qx vie; then need_apt+=(tesseract-ocr-vie); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
python3 -m pip install -q --disable-pip-version-check -e ".[test]"
