"""Static files as production serves them: content-hashed names and pre-compressed copies.

WhiteNoise's manifest storage rewrites every reference between static files to its hashed name.
The built NHS.UK frontend keeps its ``sourceMappingURL`` comments but ships no source maps (the
build edits the CSS, so the upstream maps would not match), so those references are left as
they are instead of failing ``collectstatic``; browsers only ask for a map with developer tools
open, and get a 404.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:
    def keep(pattern) -> bool:
        regex = pattern[0] if isinstance(pattern, tuple) else pattern
        return "sourceMappingURL" not in regex

    return tuple((glob, tuple(filter(keep, rules))) for glob, rules in patterns)


class HashedStaticFiles(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
