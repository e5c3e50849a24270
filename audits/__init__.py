"""The partnership audit: communication, involvement and support."""
