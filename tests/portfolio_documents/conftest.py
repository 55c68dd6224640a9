import pytest

from tests.portfolio_documents.helpers import build_portfolio, clear_throttle


@pytest.fixture
def portfolio(peer, supervisor):
    return build_portfolio(peer, supervisor)


@pytest.fixture(autouse=True)
def _fresh_throttle():
    clear_throttle()
    yield
    clear_throttle()
