"""The demo government (`gongkai demo`): one module per area, long texts under `data/`."""
