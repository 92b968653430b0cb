#!/usr/bin/env bash
# The README's county-totals example: twelve generated 2024 reports (consistent values, several
# agencies) added up with `gdconv sum` into the official-form workbook, and its 依申请 sheet
# rendered to docs/county-sum-requests.png (needs libreoffice-calc-nogui, poppler-utils and
# fonts-noto-cjk, like scripts/render-xlsx.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
G=.build/release/gdconv
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
$G generate --consistent --template 2021 --count 80 -d "$work/all" >/dev/null
mkdir -p "$work/county"
n=0
for f in "$work"/all/*.txt; do
  if head -1 "$f" | grep -q "2024年"; then cp "$f" "$work/county/"; n=$((n+1)); fi
  [ "$n" -ge 12 ] && break
done
$G sum "$work/county" --agency "示例县" --title "示例县2024年政府信息公开工作年度报告（各部门合计）" -o "$work/county-2024.xlsx"
tmp="$work/render"; mkdir -p "$tmp"
soffice --headless --convert-to pdf --outdir "$tmp" "$work/county-2024.xlsx" >/dev/null
# Page 3 is the 依申请 sheet (报告 and 主动公开 come first).
pdftoppm -png -r 80 -f 3 -l 3 "$tmp/county-2024.pdf" "$tmp/page"
cp "$tmp"/page-*3.png docs/county-sum-requests.png
cp "$work/county-2024.xlsx" "${KEEP_WORKBOOK:-/dev/null}" 2>/dev/null || true
echo docs/county-sum-requests.png
