"""Home pages: the signed-out landing page and, for each role, the page made for its day."""
