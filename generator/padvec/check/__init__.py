"""Checking implementations: the harness protocol, padvec check, model export, clients, sweeps."""
