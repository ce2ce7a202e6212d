"""``python -m services.projector``: run one projector process (a consumer-group member)."""

from services.projector.bootstrap import run

if __name__ == "__main__":
    run()
