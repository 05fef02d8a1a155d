"""The whole-pipeline benchmark: the engine against a plain pandas baseline, in one run."""
