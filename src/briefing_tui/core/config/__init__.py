"""The configuration: `feeds.toml` found, read, checked and typed."""

from .model import (
    Config,
    ConfigError,
    DeadlineConfig,
    FeedConfig,
    FullTextMode,
    LocalConfig,
    NewFeed,
    Settings,
    TopicConfig,
    read_mode,
)
from .read import bundled_config_path, find_config_path, load_config, parse_config

__all__ = [
    "Config",
    "ConfigError",
    "DeadlineConfig",
    "FeedConfig",
    "FullTextMode",
    "LocalConfig",
    "NewFeed",
    "Settings",
    "TopicConfig",
    "bundled_config_path",
    "find_config_path",
    "load_config",
    "parse_config",
    "read_mode",
]
