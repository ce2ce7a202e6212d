"""Request and response bodies of the public HTTP contract (../shared/docs/api-contract.md)."""
