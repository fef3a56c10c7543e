"""Executes the analyst notebook against published exports and fails if any cell fails.

Usage: python run_notebook.py <exports-root> [<output.ipynb>]
Used by `mvn verify` (after a small demo and `ipcube publish --exports-only`) and by hand.
"""
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(exports: str, output: str) -> int:
    here = Path(__file__).resolve().parent
    nb = nbformat.read(here / "regional_cube.ipynb", as_version=4)
    out = Path(output).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    os.environ["IPCUBE_EXPORTS"] = str(Path(exports).resolve())
    os.environ["IPCUBE_NOTEBOOK_OUT"] = str(out.parent)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(out.parent)}}).execute()
    nbformat.write(nb, out)
    print(f"notebook ran: {len(nb.cells)} cells, output {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "target/notebook/regional_cube.ipynb"))
