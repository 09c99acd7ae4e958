#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine with Python and pip,
# then runs the whole suite. CI (.ci/run) calls this same script.
set -euo pipefail
cd "$(dirname "$0")/.."

# gcc and python3-dev: scripts/compile.py, below.
apt_packages=(chromium fonts-noto-cjk default-jre-headless libreoffice-calc-nogui unzip valgrind
              gcc python3-dev)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python -m pip install -q -e '.[test]'
ruff check generator tests benchmarks scripts
# worksteal: the browser tests are few and long; idle workers take them over.
python -m pytest -n auto --dist worksteal "$@"

# The whole suite, unless told which tests: then the compiled generator (scripts/compile.py)
# must build what its sources build (tests/test_compiled.py), byte for byte.
if [ $# -eq 0 ]; then
  if [ ! -f generator/.compiled.json ]; then
    trap 'python scripts/compile.py --clean >/dev/null' EXIT
  fi
  python scripts/compile.py
  PORTAL_EXPECT_COMPILED=1 python -m pytest -q -p no:cacheprovider tests/test_compiled.py
fi
