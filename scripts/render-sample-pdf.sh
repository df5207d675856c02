#!/usr/bin/env bash
# Renders the PDF report of the tests' 300-finding fixture (Tests/ReportKitTests/PDF/PDFReportFixtures.swift)
# and turns its first and last pages into the PNGs in docs/, to look at the layout without a PDF viewer.
# Needs pdftoppm and pdfinfo (poppler-utils). Usage: bash scripts/render-sample-pdf.sh [OUTPUT.pdf]
# (WINSCAN_PDF_SAMPLE_REPORT=servercore renders the small Server Core 2022 fixture instead.)
set -euo pipefail
cd "$(dirname "$0")/.."
pdf="$(realpath -m "${1:-.build/report-sample.pdf}")"
mkdir -p "$(dirname "$pdf")"
swift build --build-tests -Xswiftc -warnings-as-errors  # the flags .ci/run uses, so its build is reused
WINSCAN_PDF_SAMPLE="$pdf" swift test --skip-build --filter PDFSampleOutput
pages="$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$pdf" docs/report-pdf-page-1
pdftoppm -png -r 60 -f "$pages" -l "$pages" -singlefile "$pdf" docs/report-pdf-last-page
echo "$pdf: $pages pages; wrote docs/report-pdf-page-1.png and docs/report-pdf-last-page.png"
