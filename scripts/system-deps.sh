#!/usr/bin/env bash
# Debian packages the test suite uses: Chromium (browser tests), poppler (pdftotext/pdftoppm),
# zbar (decoding QR codes in PDFs), gettext (makemessages). Installs only what is missing.
set -euo pipefail
declare -A wanted=([chromium]=chromium [pdftotext]=poppler-utils [zbarimg]=zbar-tools [msgfmt]=gettext)
missing=()
for binary in "${!wanted[@]}"; do
  command -v "$binary" >/dev/null 2>&1 || missing+=("${wanted[$binary]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
  echo "Please install as root: apt-get install ${missing[*]}" >&2; exit 1
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
