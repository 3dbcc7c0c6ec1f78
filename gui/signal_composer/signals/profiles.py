"""Shopper profiles: the funnel of generated journeys, read from TOML files in resources/profiles.

A profile file sets any of the fields of ``Profile`` (the rest keep their defaults, which aim at
the realistic ranges of METRICS.md); ``--profile`` takes a bundled name or a path to a file.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from signal_composer.signals.resources import resources_dir

DEFAULT_PROFILE: Final = "default"
Chance = Annotated[float, Field(ge=0, le=1)]


class ProfileError(ValueError):
    """A profile that cannot be used; the message names the file, the field and the fix."""


class Profile(BaseModel):
    """How a kind of shopper searches, clicks, fills a cart, buys and comes back."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    description: str = "Shoppers as the published averages describe them."
    """One line for people choosing a profile."""
    searches_per_session: Annotated[float, Field(ge=1, le=50)] = 2.2
    """Mean number of searches (refinements included) in a session; at least one."""
    refine_rate: Chance = 0.3
    """Chance that a further search refines the previous one (adds a word from its results)."""
    zero_result_rate: Chance = 0.07
    """Chance that a new search is for something the shop does not sell (no results)."""
    misspelling_rate: Chance = 0.06
    """Chance that a new search is mistyped (the shop's search still answers it)."""
    click_rate: Chance = 0.5
    """Chance that a search with results gets a click."""
    more_clicks_rate: Chance = 0.3
    """After a click, chance of another click on the same results."""
    position_bias: Annotated[float, Field(ge=0, le=4)] = 1.1
    """Clicks on the result at position k are weighted 1/k^bias: 0 is no bias, 1 is strong."""
    add_to_cart_rate: Chance = 0.14
    """Chance that a click leads to adding the product to the cart."""
    purchase_rate: Chance = 0.22
    """Chance that a session which has a cart at its end buys it."""
    second_item_rate: Chance = 0.12
    """Chance that a cart add is for two of the product rather than one."""
    return_rate: Chance = 0.35
    """Chance that a shopper comes back for another session."""
    return_after_hours: Annotated[float, Field(gt=0, le=24 * 60)] = 20.0
    """Mean hours between a shopper's sessions (never under 41 minutes: a new session)."""
    think_seconds: Annotated[float, Field(gt=0, le=600)] = 25.0
    """Mean seconds between a shopper's steps within a session."""


def profiles_dir() -> Path:
    return resources_dir() / "profiles"


def profile_names() -> list[str]:
    """The bundled profiles."""
    return sorted(p.stem for p in profiles_dir().glob("*.toml"))


def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """A bundled profile by name, or a profile file by path (it ends in .toml)."""
    if name_or_path.endswith(".toml") or "/" in name_or_path:
        path = Path(name_or_path)
    else:
        path = profiles_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            raise ProfileError(
                f"no profile {name_or_path!r}; bundled: {', '.join(profile_names())} "
                "(or give the path of a .toml file)"
            )
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProfileError(f"{path}: no such file; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML ({exc})") from None
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "profile"
        raise ProfileError(f"{path}: {where}: {first['msg']}") from None
