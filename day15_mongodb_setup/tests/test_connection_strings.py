"""Connection strings split by PyMongo's parse_uri: hosts, credentials (hidden), options."""

from __future__ import annotations

import pytest

from day15_mongodb_setup.connection_strings import InvalidConnectionString, parse

from .conftest import assert_problem

REPLICA_SET = (
    "mongodb://app:s3cr%40t@db1.example.com,db2.example.com:27018/shop"
    "?replicaSet=rs0&authSource=admin&retryWrites=true&w=majority"
    "&readPreference=secondaryPreferred&serverSelectionTimeoutMS=5000&appName=day15&tls=true"
)
ATLAS = "mongodb+srv://app:hunter2@cluster0.abcde.mongodb.net/shop?retryWrites=true&w=majority"


def test_a_seed_list_a_database_and_the_options_that_matter():
    parsed = parse(REPLICA_SET)
    assert (parsed.scheme, parsed.srv) == ("mongodb", False)
    assert [(h.host, h.port) for h in parsed.hosts] == [
        ("db1.example.com", 27017),  # no port written: the default
        ("db2.example.com", 27018),
    ]
    assert (parsed.username, parsed.password, parsed.database) == ("app", "***", "shop")
    options = {o.name: o for o in parsed.options}
    assert list(options) == [
        "replicaSet", "authSource", "retryWrites", "w", "readPreference",
        "serverSelectionTimeoutMS", "appName", "tls",
    ]  # fmt: skip
    assert options["retryWrites"].value is True and options["tls"].value is True
    assert options["w"].value == "majority" and options["replicaSet"].value == "rs0"
    # As written, and as PyMongo keeps it (seconds).
    assert (options["serverSelectionTimeoutMS"].raw, options["serverSelectionTimeoutMS"].value) == (
        "5000",
        5.0,
    )
    assert "credentials" in options["authSource"].meaning
    assert all(o.meaning for o in parsed.options)


def test_mongodb_srv_is_one_name_and_dns_does_the_rest():
    parsed = parse(ATLAS)
    assert (parsed.scheme, parsed.srv) == ("mongodb+srv", True)
    assert [(h.host, h.port) for h in parsed.hosts] == [("cluster0.abcde.mongodb.net", None)]
    assert any("_mongodb._tcp.cluster0.abcde.mongodb.net" in note for note in parsed.notes)
    for bad, words in (
        ("mongodb+srv://a.example.com,b.example.com/x", "exactly one host"),
        ("mongodb+srv://a.example.com:27017/x", "no port"),
        ("mongodb+srv://a.example.com/?directConnection=true", "directConnection"),
    ):
        with pytest.raises(InvalidConnectionString, match=words):
            parse(bad)


def test_secrets_never_come_back():
    for uri, secret in (
        (REPLICA_SET, "s3cr@t"),
        (ATLAS, "hunter2"),
        ("mongodb://h/?tls=true&tlsCertificateKeyFilePassword=hunter2", "hunter2"),
        (
            "mongodb://h/?authMechanism=MONGODB-AWS&authMechanismProperties=AWS_SESSION_TOKEN:tok3n",
            "tok3n",
        ),
    ):
        parsed = parse(uri)
        assert secret not in repr(parsed) and secret.replace("@", "%40") not in repr(parsed)
        assert "***" in parsed.redacted


def test_files_named_in_options_are_not_opened_here():
    # PyMongo would open the file while parsing: a server doing that for strangers tells them
    # which files exist. The lesson reports the path and leaves it alone.
    parsed = parse("mongodb://h/?tls=true&tlsCAFile=/etc/definitely-not-here.pem")
    option = next(o for o in parsed.options if o.name == "tlsCAFile")
    assert (option.raw, option.value) == ("/etc/definitely-not-here.pem", None)
    assert any("not opened here" in note for note in parsed.notes)


@pytest.mark.parametrize(
    ("uri", "words"),
    [
        ("postgres://localhost", "Invalid URI scheme"),
        ("mongodb://", "at least one hostname"),
        ("mongodb://localhost:99999", "Port must be an integer"),
        ("mongodb://localhost/?readPreference=fastest", "Not a valid read preference"),
        ("mongodb://localhost/?colour=blue", "Unknown option"),
        ("mongodb://localhost/?srvMaxHosts=2", r"only allowed with 'mongodb\+srv://'"),
        ("mongodb://app:p@ss@localhost", "must be escaped"),
    ],
)
def test_what_pymongo_refuses_is_refused(uri, words):
    with pytest.raises(InvalidConnectionString, match=words):
        parse(uri)


async def test_the_parse_endpoint(client):
    r = await client.post("/connection-strings/parse", json={"uri": REPLICA_SET})
    assert r.status_code == 200
    body = r.json()
    assert body["password"] == "***" and "s3cr" not in r.text
    assert body["redacted"].startswith("mongodb://app:***@db1.example.com")
    assert body["hosts"][1] == {"host": "db2.example.com", "port": 27018}

    refused = assert_problem(
        await client.post(
            "/connection-strings/parse", json={"uri": "mongodb://u:hunter2@h/?w=1&bogus=1"}
        ),
        422,
        "/problems/invalid-connection-string",
    )
    assert "hunter2" not in str(refused)
    for bad in ({"uri": ""}, {"uri": "mongodb://" + "h" * 2100}, {"uri": ATLAS, "x": 1}, {}):
        assert_problem(await client.post("/connection-strings/parse", json=bad), 422)
