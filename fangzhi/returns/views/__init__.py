"""Pages of the annual returns: campaigns (office) and submissions (units)."""
