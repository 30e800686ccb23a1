"""Item pipelines: normalize, validate, de-duplicate."""
