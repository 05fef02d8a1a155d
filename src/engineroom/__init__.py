"""Engine Room: one trusted picture of an integrated care system."""
