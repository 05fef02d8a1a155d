"""engineroom.phm stays Django-free, like engineroom.population (the web calls into it)."""

import subprocess
import sys


def test_phm_imports_no_django():
    code = (
        "import sys, pkgutil, importlib, engineroom.phm as p\n"
        "for m in pkgutil.iter_modules(p.__path__): importlib.import_module('engineroom.phm.' + m.name)\n"
        "print(any(n == 'django' or n.startswith('django.') for n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
