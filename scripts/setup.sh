#!/usr/bin/env bash
# Set up a fresh machine: system packages (when we may install them), a virtual
# environment in .venv with the project and its test tools, compiled translations.
# Safe to run again: every step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  fonts-wqy-microhei      # TrueType CJK font: embedded in printed forms, used by Qt
  poppler-utils           # pdffonts / pdfsig / pdftoppm: checks on printed forms
  xvfb                    # a real X screen for screenshots
  libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xinerama0
  libxcb-xkb1 libxcb-shape0 libxcb-randr0 libxcb-cursor0 libxkbcommon-x11-0
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libnss3 libxcomposite1 libxdamage1
  libxrandr2 libxtst6 libxkbfile1 libasound2
  postgresql              # the hub's tests also run against a real PostgreSQL (started per test session)
  libreoffice-calc        # prints the Excel export to PDF in tests, standing in for WPS and Excel (~300 MB)
  fonts-crosextra-carlito # Calibri's metrics, so LibreOffice sizes columns as Excel does
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages (as root): ${missing[*]}" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[dev]"
  touch "$stamp"
fi
# Qt .qm files are built from the .ts sources, never committed.
.venv/bin/python -m workbench.ui.i18n_build >/dev/null 2>&1 || .venv/bin/python -c "import workbench" 
