"""Consultation analysis, no Django: personal data redacted from free text (``redact``), themes
proposed and responses mapped to a framework (``themes``), respondents compared with the
registered population (``represent``, ``register``), and a generated consultation with planted
themes to test it all against (``generate``). The shared categories are in ``categories``."""
