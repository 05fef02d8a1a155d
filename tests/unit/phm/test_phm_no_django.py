"""The whole analytics engine (``engineroom.population``: feeds, linkage, PHM, the generator)
imports no Django, so every command runs on a data-only working directory."""

import subprocess
import sys


def test_engine_imports_no_django():
    code = (
        "import sys, pkgutil, importlib, engineroom.population as p\n"
        "for m in pkgutil.walk_packages(p.__path__, 'engineroom.population.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(any(n == 'django' or n.startswith('django.') for n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
