//! Unit tests of the internals: incremental deltas against recomputation.
