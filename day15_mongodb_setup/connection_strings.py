"""A MongoDB connection string, split into its parts by PyMongo's own parser — secrets hidden.

    mongodb://app:s3cret@db1.example.com:27017,db2.example.com:27017/shop?replicaSet=rs0&authSource=admin
    └scheme┘ └user:password┘ └────────── hosts (a seed list) ─────────┘ └db┘ └──────── options ────────┘

    mongodb+srv://app:s3cret@cluster0.abcde.mongodb.net/shop?retryWrites=true&w=majority
    one host name, no port: the driver asks DNS for the SRV record _mongodb._tcp.<host> (the real
    hosts and ports) and a TXT record (options such as replicaSet, authSource); TLS is on by default.

:func:`parse` uses ``pymongo.uri_parser.parse_uri`` — the same code ``AsyncMongoClient(uri)``
runs — so what it accepts and refuses is what your app would. Two things it deliberately does
not do on a server: resolve ``mongodb+srv`` names (a DNS lookup on behalf of whoever sends a
string) and open the files ``tlsCAFile``-style options name (that would tell a caller which
files exist here). Passwords, tokens and key passwords never appear in an answer or an error.
"""

from __future__ import annotations

import re
import urllib.parse
import warnings
from dataclasses import dataclass, field
from typing import Any

from shared.backends import redact

MAX_URI_CHARS = 2048
SCHEME = "mongodb://"
SRV_SCHEME = "mongodb+srv://"
HIDDEN = "***"

#: what the options that matter most do (names as the manual spells them)
MEANINGS: dict[str, str] = {
    "authsource": "the database that holds the user's credentials (often 'admin'; defaults to "
    "the database in the path, else 'admin')",
    "authmechanism": "how to authenticate: SCRAM-SHA-256 (the default for passwords), X.509, "
    "MONGODB-AWS, MONGODB-OIDC",
    "replicaset": "the replica set's name: the driver discovers every member and follows the "
    "primary through elections",
    "retrywrites": "retry a write once after a network error or a failover (default true; "
    "needs a replica set or sharded cluster)",
    "retryreads": "retry a read once after a network error (default true)",
    "w": "write concern: how many members must acknowledge a write — 1, 'majority' (the default "
    "on replica sets) or 0 (fire and forget)",
    "wtimeoutms": "how long a write waits for its write concern before failing",
    "journal": "acknowledge writes only once they are in the on-disk journal",
    "readpreference": "which members serve reads: primary (default), primaryPreferred, "
    "secondary, secondaryPreferred, nearest",
    "readpreferencetags": "prefer members with these tags (e.g. dc:ny)",
    "readconcernlevel": "how committed the data a read sees must be: local, majority, snapshot…",
    "serverselectiontimeoutms": "how long an operation waits to find a suitable server before "
    "failing (default 30000; PyMongo stores it in seconds)",
    "connecttimeoutms": "how long opening one connection may take (default 20000)",
    "sockettimeoutms": "how long a read on a connection may block (default: no limit)",
    "timeoutms": "one deadline for a whole operation, retries included",
    "appname": "a name the server logs and shows in currentOp and slow-query logs",
    "tls": "encrypt the connection (default false for mongodb://, true for mongodb+srv://)",
    "ssl": "the old name of tls",
    "tlscafile": "the CA certificate(s) to trust (a path on the machine that connects)",
    "tlscertificatekeyfile": "the client's certificate and key, for X.509 (a path)",
    "tlsinsecure": "skip certificate and host name checks — never in production",
    "tlsallowinvalidcertificates": "accept any certificate — never in production",
    "directconnection": "talk to this one host only, with no replica-set discovery",
    "maxpoolsize": "the most connections the driver keeps open per server (default 100)",
    "minpoolsize": "connections kept open even when idle (default 0)",
    "maxidletimems": "close a pooled connection idle this long",
    "compressors": "wire compression to offer: snappy, zlib, zstd",
    "loadbalanced": "the hosts are behind a load balancer (serverless, some Atlas set-ups)",
    "srvservicename": "the SRV service name to look up (default 'mongodb')",
    "srvmaxhosts": "use at most this many hosts from the SRV record",
    "uuidrepresentation": "how UUIDs are written as BSON binary ('standard' is subtype 4)",
}
#: options whose value is a path: PyMongo opens the file while parsing, which a server must not
#: do for a string a stranger sent
_FILE_OPTIONS = {"tlscafile", "tlscertificatekeyfile", "tlscrlfile"}
_SRV_ONLY = {"srvservicename", "srvmaxhosts"}
_SECRET_NAME = re.compile(r"(?i)pass|secret|token")


class InvalidConnectionString(ValueError):
    """PyMongo refused the string; the message never contains its password."""


@dataclass(frozen=True)
class Host:
    host: str
    #: None for a mongodb+srv name (DNS says the port) or a Unix socket
    port: int | None


@dataclass(frozen=True)
class Option:
    name: str
    #: as written in the string (secrets replaced)
    raw: str
    #: as PyMongo validated it (None when it was not checked here)
    value: Any
    meaning: str


@dataclass(frozen=True)
class ParsedUri:
    scheme: str
    srv: bool
    hosts: list[Host]
    username: str | None
    #: "***" when the string carries a password, else None: never the password itself
    password: str | None
    database: str | None
    collection: str | None
    options: list[Option]
    redacted: str
    notes: list[str] = field(default_factory=list)


def parse(uri: str) -> ParsedUri:
    """Split and validate ``uri`` with PyMongo; raise :class:`InvalidConnectionString`."""
    from pymongo.errors import PyMongoError  # noqa: PLC0415
    from pymongo.uri_parser import parse_uri  # noqa: PLC0415

    if len(uri) > MAX_URI_CHARS:
        raise InvalidConnectionString(f"longer than {MAX_URI_CHARS} characters")
    srv = uri.startswith(SRV_SCHEME)
    raw_options = _raw_options(uri)
    # Parse what PyMongo can parse without DNS or the filesystem: a +srv string is checked as
    # mongodb:// (same grammar) and the file options are set aside, then reported as written.
    checkable = _drop_options(uri, _FILE_OPTIONS | (_SRV_ONLY if srv else set()))
    if srv:
        checkable = SCHEME + checkable[len(SRV_SCHEME) :]
    notes: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parsed = parse_uri(checkable, default_port=None if srv else 27017)
    except (PyMongoError, ValueError, TypeError, KeyError, OSError) as exc:
        raise InvalidConnectionString(_scrub(str(exc), uri)) from None
    notes += list(dict.fromkeys(_scrub(str(w.message), uri) for w in caught))
    if srv:
        _check_srv(parsed)
        notes.append(
            "mongodb+srv: the driver looks up the DNS SRV record "
            f"_mongodb._tcp.{parsed['nodelist'][0][0]} for the real hosts and ports, and a TXT "
            "record for options; TLS is on unless tls=false. This lesson does not resolve it."
        )
    validated = {k.lower(): v for k, v in parsed["options"].items()}
    options = [
        Option(
            name=name,
            raw=value,
            value=None
            if name.lower() in _FILE_OPTIONS
            else _safe(name, validated.get(name.lower())),
            meaning=MEANINGS.get(name.lower(), "see the connection string options in the manual"),
        )
        for name, value in raw_options
    ]
    if any(name.lower() in _FILE_OPTIONS for name, _ in raw_options):
        notes.append("file options are paths on the machine that connects: not opened here")
    return ParsedUri(
        scheme="mongodb+srv" if srv else "mongodb",
        srv=srv,
        hosts=[Host(h, p) for h, p in parsed["nodelist"]],
        username=parsed["username"],
        password=HIDDEN if parsed["password"] is not None else None,
        database=parsed["database"],
        collection=parsed["collection"],
        options=options,
        redacted=redact_uri(uri),
        notes=notes,
    )


def redact_uri(uri: str) -> str:
    """The course's redaction (password, ``password=``) plus tokens in auth properties."""
    text = redact(uri)
    return re.sub(r"(?i)((?:TOKEN|SECRET|PASSWORD)[A-Z_]*:)[^,&;#]*", r"\1" + HIDDEN, text)


def _raw_options(uri: str) -> list[tuple[str, str]]:
    """``[(name, value)]`` as written after ``?``, secrets replaced by ``***``."""
    _, _, query = uri.partition("?")
    pairs = []
    for part in re.split(r"[&;]", query):
        if not part:
            continue
        name, _, value = part.partition("=")
        value = urllib.parse.unquote_plus(value)
        if _SECRET_NAME.search(name):
            value = HIDDEN
        elif name.lower() == "authmechanismproperties":
            value = re.sub(r"(?i)((?:TOKEN|SECRET|PASSWORD)[A-Z_]*:)[^,]*", r"\1" + HIDDEN, value)
        pairs.append((name, value))
    return pairs


def _drop_options(uri: str, names: set[str]) -> str:
    head, sep, query = uri.partition("?")
    if not sep:
        return uri
    kept = [p for p in re.split(r"[&;]", query) if p.partition("=")[0].lower() not in names]
    return head + ("?" + "&".join(kept) if kept else "")


def _check_srv(parsed: dict[str, Any]) -> None:
    if len(parsed["nodelist"]) != 1:
        raise InvalidConnectionString("a mongodb+srv:// string names exactly one host")
    if parsed["nodelist"][0][1] is not None:
        raise InvalidConnectionString("a mongodb+srv:// host has no port: DNS says the ports")
    if parsed["options"].get("directConnection"):
        raise InvalidConnectionString("directConnection=true cannot be used with mongodb+srv://")


def _safe(name: str, value: Any) -> Any:
    """A validated value as plain JSON, with secrets hidden."""
    if _SECRET_NAME.search(name):
        return HIDDEN
    if isinstance(value, dict):
        return {
            k: HIDDEN if _SECRET_NAME.search(str(k)) else _safe(str(k), v) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_safe(name, v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _scrub(message: str, uri: str) -> str:
    """PyMongo's message, with anything that could be the password removed."""
    message = redact_uri(message)
    password = _password_in(uri)
    if password:
        message = message.replace(password, HIDDEN)
        message = message.replace(urllib.parse.unquote_plus(password), HIDDEN)
    return message[:300]


def _password_in(uri: str) -> str | None:
    _, sep, rest = uri.partition("://")
    netloc = re.match(r"[^/?#]*", rest).group(0) if sep else ""  # type: ignore[union-attr]
    userinfo, at, _ = netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return None
    return userinfo.partition(":")[2] or None
