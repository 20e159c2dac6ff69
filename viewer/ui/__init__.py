"""The only package that imports Qt: the window, its models and panels, printing and preview."""
