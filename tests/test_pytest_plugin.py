"""The pytest plugin, as a project that installed the package uses it (through pytester, in a
subprocess: the entry point registers it, nothing in the project's conftest)."""

import json

pytest_plugins = ["pytester"]

TESTS = '''
def test_makes_a_customer(stripe_client, stripe_emulator):
    customer = stripe_client.v1.customers.create({"email": "jenny@example.com"})
    assert customer.id.startswith("cus_")
    assert stripe_emulator.url.startswith("http://127.0.0.1:")


def test_sees_only_its_own_objects(stripe_client):
    assert [c.email for c in stripe_client.v1.customers.list().data] == SEEDED


def test_two_clients_two_accounts(stripe_emulator):
    one, two = stripe_emulator.client(), stripe_emulator.client()
    one.v1.customers.create({"email": "one@example.com"})
    assert len(one.v1.customers.list().data) == len(SEEDED) + 1
    assert len(two.v1.customers.list().data) == len(SEEDED)
'''


def test_plain_synchronous_tests_get_a_server_and_a_client_each(pytester):
    pytester.makepyfile(test_shop="SEEDED = []\n" + TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_fixture_files_preload_every_key(pytester):
    pytester.makefile(".json", seed=json.dumps({"fixtures": [
        {"name": "c", "path": "/v1/customers", "method": "post",
         "params": {"email": "seeded@example.com"}}]}))
    pytester.makeini("[pytest]\nstripe_emulator_fixtures = seed.json\n")
    pytester.makepyfile(test_shop="SEEDED = ['seeded@example.com']\n" + TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_a_bad_fixture_file_fails_the_session_clearly(pytester):
    pytester.makepyfile(test_shop="def test_x(stripe_client):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider",
                                           "--stripe-emulator-fixtures", "missing.json")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*stripe-emulator could not start*missing.json*"])
