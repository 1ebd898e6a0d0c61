#!/usr/bin/env bash
# Install the Debian libraries WeasyPrint needs (pango, fonts), poppler for PDF checks, and the
# headless Chromium and LibreOffice Calc that the layout tests of the slides, the HTML reports
# and the workbook use (with Carlito, the metric twin of Excel's default font Calibri, so that
# LibreOffice sizes the workbook's columns as Excel does), when they are missing and apt-get
# can be used.  Prints what to do otherwise.
set -euo pipefail
packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core poppler-utils
          chromium libreoffice-calc-nogui fonts-crosextra-carlito)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
