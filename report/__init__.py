"""What readers see: helpers that turn model values into page elements (charts, tables, quotes, prose).

The notebooks of ``book/`` import this package; the build (``tools/``) does not format pages.
"""
