"""The Qt layer: a thin adapter over the Qt-free core. The only package that imports Qt."""
