"""Signal stores: where signals go, how the token is presented, and the config file they live in."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Final, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from signal_composer.store.names import LOCAL_MOCK
from signal_composer.store.paths import config_dir, write_private

PRODUCTION_HOST: Final = "{store_id}.applications.lucidworks.com"
STORE_ID_FIELD: Final = "{storeId}"
"""Written in a base URL, it is replaced by the store's ID (in the host or the path)."""
_LABEL: Final = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")
"""Anchored: a model's pattern is searched, so an unanchored rule accepted ``../x`` and ESC."""
_KEY: Final = re.compile(r"^(?:[a-z0-9-]{1,64})?$")
CONFIG_VERSION: Final = 1
DEFAULT_DEADLINE: Final = 30.0
"""Seconds one attempt of a send may take in all, unless the store's config says otherwise."""

T = TypeVar("T")
AuthForm = Literal["bare", "bearer"]


class StoreError(ValueError):
    """A store that cannot be used as given; the message says why and what to do."""


def check_store_id(value: str) -> str:
    """A store ID must be one DNS label: letters, digits, hyphens; 1 to 63; no edge hyphen."""
    if not _LABEL.fullmatch(value):
        raise StoreError(
            f"store ID {value!r} is not a DNS label: use 1 to 63 ASCII letters, digits and "
            "hyphens, not starting or ending with a hyphen (copy it from the store's page)"
        )
    return value.lower()


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_base_url(value: str) -> str:
    """A base URL override: https anywhere, or http to a loopback address only. It may hold
    ``{storeId}`` (in the host or the path), which each request fills in with the store's ID."""
    if any(c.isspace() or not c.isprintable() for c in value):
        raise StoreError(
            f"base URL {value!r} contains white space or a control character; "
            "copy it again without spaces, tabs or line breaks"
        )
    sample = value.replace(STORE_ID_FIELD, "store-id")
    if "{" in sample or "}" in sample:
        raise StoreError(
            f"base URL {value!r} has braces other than {STORE_ID_FIELD}: write {STORE_ID_FIELD} "
            "(this spelling) where the store's ID goes, or leave braces out"
        )
    try:
        parts = urlsplit(sample)
        host = parts.hostname or ""
        _ = parts.port
    except ValueError as exc:
        raise StoreError(f"base URL {value!r} is not a URL: {exc}") from None
    if parts.scheme not in {"http", "https"} or not host:
        raise StoreError(f"base URL {value!r} must start with https:// and name a host")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise StoreError(f"base URL {value!r} must not carry a user, a query or a fragment")
    if parts.scheme == "http" and not is_loopback(host):
        raise StoreError(
            f"base URL {value!r} uses plain http to a non-loopback host: the token would travel "
            "unencrypted; use https://, or http:// only to 127.0.0.1 or localhost"
        )
    return value.rstrip("/")


class Store(BaseModel):
    """A named target for signals."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    name: Annotated[str, Field(pattern=_NAME.pattern)]
    """What the user calls it; it may change (the key does not)."""
    key: Annotated[str, Field(pattern=_KEY.pattern)] = ""
    """The store's stable id ("" until the registry gives it one): its keyring entry and its
    history entries refer to it, so renaming a store keeps its token and its history."""
    store_id: str
    """The signal store's ID, a DNS label (UUIDs are the usual form)."""
    production: bool = False
    """Sends to it ask for confirmation."""
    auth: AuthForm = "bare"
    """How the token is sent: bare (the docs' form) or ``Bearer <token>``."""
    base_url: str | None = None
    """Overrides ``https://{store_id}.applications.lucidworks.com``; ``{storeId}`` in it is
    replaced by the store ID."""
    builtin_mock: bool = False
    """The built-in local mock store; its address is known only while the app runs."""
    deadline_s: Annotated[float, Field(gt=0, le=3600)] = DEFAULT_DEADLINE
    """Seconds one attempt may take in all: connecting, sending, and the whole answer."""

    @field_validator("store_id")
    @classmethod
    def _store_id(cls, value: str) -> str:
        return check_store_id(value)

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        return None if value is None else check_base_url(value)

    @property
    def account(self) -> str:
        """The keyring entry of its token: the stable key (the name for a store not yet saved)."""
        return self.key or self.name

    def base(self, mock_url: str | None = None) -> str:
        """The URL the API paths hang off. The built-in mock is asked by store ID in the path."""
        if self.builtin_mock:
            if mock_url is None:
                raise StoreError("the local mock store is not running")
            return f"{mock_url}/{self.store_id}"
        if self.base_url:
            return self.base_url.replace(STORE_ID_FIELD, self.store_id)
        return "https://" + PRODUCTION_HOST.format(store_id=self.store_id)

    def endpoint(self, kind: str, mock_url: str | None = None) -> str:
        """``{base}/retail/signals/{kind}``."""
        return f"{self.base(mock_url)}/retail/signals/{kind}"

    def authorization(self, token: str) -> str:
        """The Authorization header's value for a token, in this store's form."""
        return f"Bearer {token}" if self.auth == "bearer" else token


def make_store(**fields: object) -> Store:
    """Builds a store, turning validation failures into one StoreError with a plain message."""
    try:
        return Store.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        cause = first.get("ctx", {}).get("error")
        field = ".".join(str(p) for p in first["loc"])
        if isinstance(cause, StoreError):
            raise cause from None
        if field == "name":
            raise StoreError(
                f"store name {fields.get('name')!r}: use 1 to 64 letters, digits, spaces, dots, "
                "hyphens or underscores, starting with a letter or digit"
            ) from None
        raise StoreError(f"{field}: {first['msg']}") from None


def local_mock_store() -> Store:
    """The built-in store every config starts with."""
    return Store(name=LOCAL_MOCK, key=LOCAL_MOCK, store_id=LOCAL_MOCK, builtin_mock=True)


def new_key() -> str:
    """A fresh stable store id: ``st-`` and 12 random hex digits."""
    import secrets

    return "st-" + secrets.token_hex(6)


class NetworkSettings(BaseModel):
    """How patient the sender is."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    connect_timeout: Annotated[float, Field(gt=0, le=300)] = 5.0
    """Seconds to wait for a connection."""
    read_timeout: Annotated[float, Field(gt=0, le=600)] = 20.0
    """Seconds to wait for the store's answer."""
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    """Extra attempts, only when the request cannot have landed: the connection was never made,
    or the store answered 429 or 503."""


class HistorySettings(BaseModel):
    """What the history keeps."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    max_body_kib: Annotated[int, Field(ge=1, le=1024 * 1024)] = 1024
    """KiB of each request and response body kept; a longer body keeps its size and SHA-256."""

    @property
    def max_body_bytes(self) -> int:
        return self.max_body_kib * 1024


class Config(BaseModel):
    """The config file: stores and settings. Never a token."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    version: int = CONFIG_VERSION
    stores: list[Store] = Field(default_factory=lambda: [local_mock_store()])
    network: NetworkSettings = NetworkSettings()
    history: HistorySettings = HistorySettings()
    default_store: str = LOCAL_MOCK
    """The store the window opens with."""


class ConfigError(Exception):
    """The config file cannot be read; the message names the file and the fix."""


class StoreRegistry:
    """The stores of the config file. Each change re-reads the file under a file lock and
    applies only itself, so a store added by another process (the command line while the
    window is open, or two commands at once) is never lost."""

    lock_timeout_s: float = 10.0  # how long a change waits for another process's lock

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "config.json"
        self.renamed: list[Callable[[str, str], object]] = []
        """Called with (key, new name) after a store is renamed (the history follows)."""
        self.config, keyless = self._load()
        if keyless:  # stores from before stable ids get theirs, kept from now on
            with contextlib.suppress(OSError, ConfigError):
                self._change(lambda config: None)

    def _load(self) -> tuple[Config, bool]:
        """The file as it is now, and whether some store had no key yet (given one here)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Config(), False
        except OSError as exc:
            raise ConfigError(f"{self.path}: cannot be read ({exc.strerror})") from None
        try:
            config = Config.model_validate_json(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            raise ConfigError(
                f"{self.path}: not a valid config file ({first['msg']} at "
                f"{'.'.join(str(p) for p in first['loc']) or 'top'}); fix or move it away to "
                "start fresh"
            ) from None
        if not any(s.builtin_mock for s in config.stores):
            config.stores.insert(0, local_mock_store())
        keyless = any(not s.key for s in config.stores)
        config.stores = [
            s
            if s.key
            else s.model_copy(update={"key": LOCAL_MOCK if s.builtin_mock else new_key()})
            for s in config.stores
        ]
        return config, keyless

    def _change(self, apply: Callable[[Config], T]) -> T:
        """Re-reads the file under the lock, applies one change, writes it back."""
        from filelock import FileLock, Timeout

        lock = FileLock(str(self.path) + ".lock", timeout=self.lock_timeout_s, mode=0o600)
        try:
            with lock:
                config, _ = self._load()
                result = apply(config)
                text = json.dumps(config.model_dump(mode="json"), indent=2) + "\n"
                write_private(self.path, text.encode("utf-8"))
        except Timeout:
            raise ConfigError(
                f"{self.path}: another Signal Composer (a window or a command changing the "
                f"stores) has held its lock {lock.lock_file} for more than "
                f"{self.lock_timeout_s:g} s; let it finish "
                "or close it, then try again"
            ) from None
        self.config = config
        return result

    def reload(self) -> None:
        """Reads the file again (another process may have changed it)."""
        self.config, _ = self._load()

    @property
    def stores(self) -> list[Store]:
        return list(self.config.stores)

    def names(self) -> list[str]:
        return [s.name for s in self.config.stores]

    def get(self, name: str) -> Store:
        """The store of that name; StoreError naming the known ones when absent."""
        return _named(self.config, name)

    def by_key(self, key: str | None, name: str) -> Store:
        """The store with that stable key (it may have been renamed), else by name."""
        found = next((s for s in self.config.stores if key and s.key == key), None)
        return found or self.get(name)

    def put(self, store: Store, replacing: str | None = None) -> Store:
        """Adds a store, or replaces the one named ``replacing`` (keeping its key); returns the
        store as saved."""

        def apply(config: Config) -> Store:
            names = [s.name for s in config.stores]
            target = replacing or store.name
            if store.name != target and store.name in names:
                raise StoreError(f"a store named {store.name!r} exists already")
            if replacing is None:
                if store.name in names:
                    raise StoreError(
                        f"a store named {store.name!r} exists already; remove it first"
                    )
                saved = store if store.key else store.model_copy(update={"key": new_key()})
                config.stores.append(saved)
                return saved
            old = _named(config, replacing)
            saved = store.model_copy(update={"key": old.key})
            config.stores = [saved if s.name == replacing else s for s in config.stores]
            if config.default_store == replacing:
                config.default_store = saved.name
            return saved

        saved = self._change(apply)
        if replacing and replacing != saved.name:
            for listener in list(self.renamed):
                listener(saved.key, saved.name)
        return saved

    def remove(self, name: str) -> Store:
        """Removes a store (not the built-in mock); returns it."""

        def apply(config: Config) -> Store:
            store = _named(config, name)
            if store.builtin_mock:
                raise StoreError("the built-in local mock store cannot be removed")
            config.stores = [s for s in config.stores if s.name != name]
            if config.default_store == name:
                config.default_store = LOCAL_MOCK
            return store

        return self._change(apply)

    def set_default(self, name: str) -> None:
        """The store the command line's ``run`` uses when none is given."""

        def apply(config: Config) -> None:
            _named(config, name)
            config.default_store = name

        self._change(apply)


def _named(config: Config, name: str) -> Store:
    for store in config.stores:
        if store.name == name:
            return store
    known = ", ".join(s.name for s in config.stores)
    raise StoreError(f"no store named {name!r} (known: {known}); add it with 'stores add'")
