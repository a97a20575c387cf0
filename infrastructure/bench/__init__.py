"""`scripts/bench`: the speed bars of DESIGN §5, measured beside raw baselines in the same run."""
