"""Pages of the quality checks. Each views module lists its own ``urls``."""
