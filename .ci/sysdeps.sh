#!/usr/bin/env bash
# Install the Debian packages hisab needs beyond Python wheels, where they are missing:
#   pango/harfbuzz + Arabic-capable fonts  - WeasyPrint's PDF report (Arabic shaping, right-to-left)
#   poppler-utils                          - pdftotext/pdftoppm, to check and look at the PDF
#   exiftool (+ Archive::Zip)              - media metadata, the field's reference reader
#   openssl                                - a local RFC 3161 time-stamp authority in the evidence tests
#   libicu-dev, pkg-config                 - PyICU (Cyrillic and other scripts transliterated for screening)
#   default-jre-headless (if no java)      - Splink's Spark backend (pyspark in local mode) in the link tests
# As root (CI, these machines) it installs them with apt-get; otherwise it names what is missing.
set -euo pipefail
PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-dejavu-core poppler-utils
          libimage-exiftool-perl libarchive-zip-perl openssl libicu-dev pkg-config g++)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Spark 4 needs Java 17 or later: an older java on the PATH counts as missing
java -version 2>&1 | grep -qE 'version "(1[7-9]|[2-9][0-9])' || missing+=(default-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "hisab: missing Debian packages (install them as root): ${missing[*]}" >&2
fi
