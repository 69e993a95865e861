"""Aggregates, value types and rules; imports nothing but eventsourcing and the standard library."""
