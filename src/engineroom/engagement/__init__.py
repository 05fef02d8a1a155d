"""Public insight (S24): consultations, their responses with personal data redacted, themes an
analyst stands behind, who answered, and the decisions they informed ("you said, we did")."""
