"""``python -m services.generator``: run the generator worker."""

from services.generator.worker.main import main

raise SystemExit(main())
