#!/usr/bin/env bash
# Renders a workbook's sheets to PNG pages, to look at it as a person would:
# LibreOffice (headless) → PDF → pdftoppm. Needs libreoffice-calc-nogui and poppler-utils.
set -euo pipefail
in="$1"; out="${2:-$(dirname "$in")}"
command -v soffice >/dev/null || { echo "soffice not found: apt-get install libreoffice-calc-nogui" >&2; exit 2; }
command -v pdftoppm >/dev/null || { echo "pdftoppm not found: apt-get install poppler-utils" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
soffice --headless --convert-to pdf --outdir "$tmp" "$in" >/dev/null
pdf="$tmp/$(basename "${in%.*}").pdf"
pdftoppm -png -r 80 "$pdf" "$out/$(basename "${in%.*}")"
ls "$out/$(basename "${in%.*}")"*.png
