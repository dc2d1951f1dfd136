"""One reader per format: bytes in, located parts out."""
