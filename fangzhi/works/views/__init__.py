"""Pages of the works app: one module per part of the work; each lists its ``urls``."""
