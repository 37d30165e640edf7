"""A copy of the app to run a benchmark against, so that parallel edits cannot change it mid-run."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

from deploy.server import ROOT as REPO


def snapshot(ref: str, into: Path) -> str:
    """Copy the app into `into`/app and return a description of what was copied.

    ref "worktree": the working tree as it is now (tracked files with their uncommitted changes, plus
    untracked files that are not ignored); any other ref: `git archive` of that commit.
    """
    if ref == "worktree":
        head = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout.strip()
        files = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\0")
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO, capture_output=True, text=True
        ).stdout.split()
        for name in filter(None, files):
            source, target = REPO / name, into / "app" / name
            if source.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
        (into / "app" / "static").mkdir(exist_ok=True)
        modified = [x for x in changed if x.endswith(".py")]
        return f"a copy of the working tree at HEAD `{head}`" + (
            f" with uncommitted changes in {', '.join(modified)}" if modified else ""
        )
    commit = subprocess.run(
        ["git", "rev-parse", ref], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout.strip()
    archive = into / "app.tar"
    with open(archive, "wb") as f:
        subprocess.run(["git", "archive", "--format=tar", commit], cwd=REPO, check=True, stdout=f)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "app", filter="data")
    archive.unlink()
    # static/ is git-ignored (the app copies Leaflet into it at start-up); Streamlit only serves it if
    # it exists when the server starts, as it does in the working tree.
    (into / "app" / "static").mkdir(exist_ok=True)
    return f"`git archive` of {ref} = commit `{commit[:12]}`"
