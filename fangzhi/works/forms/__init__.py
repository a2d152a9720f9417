"""Forms of the works app: they check shape; the services judge the rules."""
