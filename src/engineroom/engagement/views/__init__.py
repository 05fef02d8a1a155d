"""Pages: ``workspace``, ``imports``, ``themes`` (analysts), ``results`` and ``influence``
(analysts), ``public`` (anyone, no sign-in)."""
