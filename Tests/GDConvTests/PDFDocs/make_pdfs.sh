#!/usr/bin/env bash
# Makes the PDF test files (issue 13) as agencies make theirs: the Word test documents
# (../WordDocs/make_docs.py, changes accepted, the date as plain text) printed to PDF by a word
# processor (Debian libreoffice-writer-nogui with fonts-noto-cjk). The tests need only the PDFs.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 ../WordDocs/make_docs.py --pdf-sources "$tmp"
soffice --headless --convert-to pdf --outdir . "$tmp"/*.docx
ls -l *.pdf
