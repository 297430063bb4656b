"""The pure core: event models, the reducer, rules. No UI, no storage, no network, no wall clock."""
