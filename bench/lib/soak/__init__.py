"""The parts of bench/soak.py: its own services, the workload, the faults, the invariants, the report."""
