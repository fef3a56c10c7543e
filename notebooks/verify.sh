#!/usr/bin/env bash
# Run by `mvn verify` (jobs/pom.xml, after the jar is built): a small demo, `ipcube publish
# --exports-only`, then the analyst notebook against those exports; fails if any cell fails.
# Python with nbclient, ipykernel, pandas, duckdb, pyarrow, matplotlib: $IPCUBE_PYTHON (.ci/run makes one).
set -euo pipefail
jobs_dir="$(cd "$(dirname "$0")/../jobs" && pwd)"
work="$jobs_dir/target/notebook"
python="${IPCUBE_PYTHON:-python3}"
rm -rf "$work" && mkdir -p "$work"
ipcube() { java -jar "$jobs_dir/target/ipcube.jar" "$@" --landing "$work/landing" --warehouse "$work/warehouse"; }
ipcube demo --from 2023-01-01 --to 2024-02-29 --patents-per-year 2000 > "$work/demo.log" 2>&1 || { tail -50 "$work/demo.log"; exit 1; }
IPCUBE_EXPORTS_ROOT="$work/exports" ipcube publish --exports-only > "$work/publish.log" 2>&1 || { tail -50 "$work/publish.log"; exit 1; }
"$python" "$(dirname "$0")/run_notebook.py" "$work/exports" "$work/regional_cube.ipynb"
