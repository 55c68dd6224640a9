import pytest


@pytest.fixture
def started():
    """Processes a test starts (it appends each as soon as it exists): all stopped at teardown,
    also when a later one failed to start."""
    processes = []
    yield processes
    for process in reversed(processes):
        process.stop()
