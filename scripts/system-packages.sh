#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (as root), or prints the exact command to run.
#   CJK and symbol fonts: pages and PDFs render Chinese; Chromium: browser tests (Playwright), with
#   its Chinese interface (chromium-l10n: native controls such as the month picker in Chinese);
#   pango/harfbuzz-subset: WeasyPrint (without libharfbuzz-subset0 a PDF page takes 30x longer);
#   poppler-utils: tests read PDFs back with pdftotext.
set -euo pipefail

PACKAGES=(
  chromium
  chromium-l10n
  fonts-noto-cjk
  fonts-dejavu-core
  libpango-1.0-0
  libpangoft2-1.0-0
  libharfbuzz-subset0
  poppler-utils
)

missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "The tests need these system packages. Install them, then run make test again:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
