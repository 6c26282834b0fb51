"""`pipeline models …`: list, install and remove Argos translation models.

Errors are raised as ModelError and printed by the main CLI wrapper.
"""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

# engines.argos.models is imported in each command, not here: every `pipeline`
# command (a no-op translate too) would otherwise pay for loading it.

app = typer.Typer(help="Manage the Argos (CTranslate2) French→English models.",
                  no_args_is_help=True)


@app.command("list")
def list_models() -> None:
    """List installed Argos packages (name, languages, version, path)."""
    from ..engines.argos import models

    installed = models.list_installed()
    if not installed:
        typer.echo(f"no Argos models installed in {models.packages_dir()}")
        return
    for m in installed:
        typer.echo(f"{m.label}\t{m.from_code}→{m.to_code}\t{m.version}\t{m.path}")


@app.command("install")
def install(
    path: Optional[Path] = typer.Argument(
        None, help="A translate-fr_en-*.argosmodel file; without it, download from the Argos index."),
) -> None:
    """Validate and install a fr→en .argosmodel (or fetch it from the index)."""
    from ..engines.argos import models

    installed = models.install_file(path) if path is not None else models.install_from_index()
    replaced = f"; replaced {', '.join(installed.replaced)}" if installed.replaced else ""
    typer.echo(f"installed {installed.label} ({installed.from_code}→{installed.to_code}) "
               f"in {installed.path}{replaced}")


@app.command("remove")
def remove(
    name: str = typer.Argument(..., help="translate-fr_en-1.9 (one version), translate-fr_en "
                                         "(every version) or the package's folder name."),
) -> None:
    """Remove an installed Argos package."""
    from ..engines.argos import models

    for m in models.remove(name):
        typer.echo(f"removed {m.label} ({m.path})")
