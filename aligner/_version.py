"""The package version, in a module of its own: any module may import it without loading
the package facade (whose functions import the pipeline)."""

__version__ = "0.1.0"
