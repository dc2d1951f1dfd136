#!/usr/bin/env bash
# Install the Debian packages the real parts need, once. Safe to run again.
set -eu
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-core libreoffice-writer libreoffice-calc)
# CJK fonts: the scanned-looking OCR fixtures (scripts/make_scans.py) are drawn with them
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "sysdeps: need ${need[*]} (run as root, or install them with apt-get)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${need[@]}" fonts-noto-cjk >/dev/null
