"""gunicorn's settings, read from the project root (the production command and `make bench`)."""

import gc


def post_worker_init(worker) -> None:  # noqa: ANN001 (gunicorn's Worker)
    """Take what loading Django allocated out of the garbage collector's sight.

    A full collection walks every tracked object; without this, one lands every few hundred
    renders and holds that request up for tens of milliseconds (the uncached pages' p99 in
    `make bench`). Frozen objects are never collected, which suits modules, models and URL
    patterns that live as long as the worker.
    """
    gc.collect()
    gc.freeze()
    worker.log.info("Froze %d objects loaded with the app", gc.get_freeze_count())
