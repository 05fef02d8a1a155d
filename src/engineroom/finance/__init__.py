"""System finance: plans, returns, the system control total, transfers, incentives, pools."""
