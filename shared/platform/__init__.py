"""Cross-service plumbing: settings base, logging. No I/O at import time."""
