"""What the templates show, built on ``web.formatting``: one module per group of pages."""
