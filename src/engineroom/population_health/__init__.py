"""Population health pages: dashboards (secondary use, suppressed) and worklists (direct care)."""
