"""The encoders: packaged weights, verified by sha256 before loading, torch imported lazily."""
