"""``engineroom refresh --spec --var --json`` and the other engine commands on a data-only working
directory: no Django settings, no database, ``django`` never imported, one JSON object out."""

import json
import os
import shutil
import subprocess
import sys

from engineroom.population.phm import refresh

KEY = "phm-test-key"
SCRIPT = """
import json, sys
from typer.testing import CliRunner
from engineroom.cli import app
var, spec = sys.argv[1], sys.argv[2]
out = {}
for name, args in {
    "refresh": ["refresh", "--spec", spec, "--json"],
    "lake": ["lake", "status", "--json"],
    "evaluate": ["risk", "evaluate", "--json"],
}.items():
    result = CliRunner().invoke(app, [*args, "--var", var])
    assert result.exit_code == 0, result.output
    out[name] = json.loads(result.stdout)  # exactly one JSON object on standard output
out["django"] = any(n == "django" or n.startswith("django.") for n in sys.modules)
print(json.dumps(out))
"""


def test_refresh_and_the_engine_commands_run_without_django(phm_var, tmp_path):
    var = tmp_path / "data-only"
    shutil.copytree(phm_var, var)
    spec = tmp_path / "region.json"
    shutil.move(var / "phm" / "region.json", spec)  # nothing but the data and a region file
    assert not list(var.rglob("*.sqlite3"))
    first = (refresh.results_dir(var) / "CURRENT").read_text()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ENGINEROOM_", "DJANGO_"))}
    env["ENGINEROOM_PSEUDO_KEY"] = KEY
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(var), str(spec)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["django"] is False
    version = (refresh.results_dir(var) / "CURRENT").read_text()
    assert out["refresh"]["version"] == version != first
    assert out["refresh"]["areas"] > 1  # the region file's places and neighbourhoods
    assert out["lake"]["linkage_version"] and "auroc" in out["evaluate"]
    assert not list(var.rglob("*.sqlite3")) and not list(tmp_path.glob("*.sqlite3"))


def test_a_missing_region_file_is_a_clear_error(phm_var, tmp_path):
    from typer.testing import CliRunner

    from engineroom.cli import app

    args = ["refresh", "--spec", str(tmp_path / "nope.json"), "--key", KEY]
    result = CliRunner().invoke(app, [*args, "--var", str(phm_var)])
    assert result.exit_code == 1
    assert "--spec" in result.output and "no such file" in result.output
