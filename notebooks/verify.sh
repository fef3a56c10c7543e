#!/usr/bin/env bash
# Run by `mvn verify` (jobs/pom.xml, after the jar is built): a small demo, `ipcube publish
# --exports-only`, then the analyst notebook against those exports; fails if any cell fails.
# Python: $IPCUBE_PYTHON when set; otherwise notebooks/.venv, made here on first use from
# notebooks/requirements.txt (needs python3 with venv, and PyPI or a configured pip mirror).
set -euo pipefail
notebooks="$(cd "$(dirname "$0")" && pwd)"
jobs_dir="$(cd "$notebooks/../jobs" && pwd)"
work="$jobs_dir/target/notebook"
python="${IPCUBE_PYTHON:-}"
if [ -z "$python" ]; then
  venv="$notebooks/.venv"
  requirements="$notebooks/requirements.txt"
  if [ ! -f "$venv/.installed" ] || [ "$requirements" -nt "$venv/.installed" ]; then
    echo "notebook: installing $requirements into $venv"
    python3 -m venv "$venv" || { echo "Cannot make a Python virtualenv: python3 -m venv failed. Install python3-venv (Debian) or set IPCUBE_PYTHON to a Python that has the packages of $requirements." >&2; exit 1; }
    index=()  # a machine's local pip mirror replaces PyPI (which such machines cannot reach)
    [ -d /opt/pypi/simple ] && index=(--index-url file:///opt/pypi/simple)
    [ -d /opt/pypi-more/simple ] && index+=(--extra-index-url file:///opt/pypi-more/simple)
    "$venv/bin/pip" install -qq "${index[@]}" -r "$requirements"  # -qq: errors only (a mirror without a package warns per package)
    touch "$venv/.installed"
  fi
  python="$venv/bin/python"
fi
rm -rf "$work" && mkdir -p "$work"
ipcube() { java -jar "$jobs_dir/target/ipcube.jar" "$@" --landing "$work/landing" --warehouse "$work/warehouse"; }
ipcube demo --from 2023-01-01 --to 2024-02-29 --patents-per-year 2000 > "$work/demo.log" 2>&1 || { tail -50 "$work/demo.log"; exit 1; }
IPCUBE_EXPORTS_ROOT="$work/exports" ipcube publish --exports-only > "$work/publish.log" 2>&1 || { tail -50 "$work/publish.log"; exit 1; }
"$python" "$notebooks/run_notebook.py" "$work/exports" "$work/regional_cube.ipynb"
