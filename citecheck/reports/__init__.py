"""Renderings of documents and findings: one module per output."""
