"""MkDocs plugin that draws ```journey fences as customer journey maps with waymark."""

__version__ = "0.1.0"
