#!/usr/bin/env bash
# Installs the Debian packages wardmap needs to build, run and test, and
# only those that are missing. Used by `make run` and `make test` so that a
# fresh Debian 12 machine needs no step by hand.
#   .ci/deps.sh build   compiler and the X11/OpenGL headers Fyne needs
#   .ci/deps.sh test    build + the referees the tests run (GDAL, xmllint,
#                       gpsbabel, PROJ, Xvfb, xdotool, ImageMagick, sqlite3,
#                       poppler-utils for the PDF reports, python3-gdal for
#                       validate_gpkg.py, exiftool for photos)
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev libxkbcommon-dev)
test_pkgs=(gdal-bin python3-gdal libxml2-utils gpsbabel proj-bin xvfb xdotool imagemagick sqlite3 x11-utils postgresql-15 postgresql-15-postgis-3 postgresql-15-pgrouting poppler-utils chromium chromium-driver osmium-tool libimage-exiftool-perl)

want=("${build_pkgs[@]}")
if [ "${1:-build}" = test ]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ! command -v go >/dev/null 2>&1; then
  echo "wardmap needs Go 1.26 or newer: https://go.dev/dl/ (then put /usr/local/go/bin on PATH)" >&2
  exit 1
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "Please install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
# A stale package index is the usual reason an install fails on a new machine.
$SUDO apt-get update -qq || true
if ! $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; then
  echo "Could not install: ${missing[*]}. Install them with apt-get and run again." >&2
  exit 1
fi
