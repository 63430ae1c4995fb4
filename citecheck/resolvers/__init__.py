"""Resolvers: one module per service, plus HTTP and rate limiting."""
