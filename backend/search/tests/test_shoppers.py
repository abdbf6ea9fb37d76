"""The network a search is counted in: the client's /24 or /48, never the address itself."""
import pytest
from rest_framework.test import APIRequestFactory

from search.shoppers import network_hash, network_of, shopper_hash

pytestmark = pytest.mark.pure  # no backing service


@pytest.mark.parametrize("address, network", [
    ("192.0.2.7", "192.0.2.0/24"),
    ("192.0.2.255", "192.0.2.0/24"),
    ("2001:db8:1:ff::9", "2001:db8:1::/48"),
    ("::ffff:192.0.2.7", "192.0.2.0/24"),  # IPv4-mapped: its IPv4 network
    ("not an address", "not an address"),
])
def test_the_network_of_an_address(address, network):
    assert network_of(address) == network


def test_the_network_hash_ignores_what_the_client_chooses():
    factory = APIRequestFactory()
    one = factory.get("/", HTTP_X_SHOPPER_ID="one", REMOTE_ADDR="192.0.2.7")
    two = factory.get("/", HTTP_X_SHOPPER_ID="two", REMOTE_ADDR="192.0.2.99")
    other = factory.get("/", HTTP_X_SHOPPER_ID="one", REMOTE_ADDR="192.0.3.7")
    assert shopper_hash(one) != shopper_hash(two) and network_hash(one) == network_hash(two)
    assert network_hash(other) != network_hash(one) and len(network_hash(one)) == 32
    assert "192.0.2" not in network_hash(one)
