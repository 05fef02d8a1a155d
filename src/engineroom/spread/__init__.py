"""The spread of good practice (S25): a library of models of care, their adoption by place and
neighbourhood with fidelity and adaptations, the plan to spread them, and their outcomes."""
