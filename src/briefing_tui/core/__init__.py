"""Everything but the terminal UI: configuration, feeds, dates, analysis, the store, the
briefing and the refresh (docs/ARCHITECTURE.md lists them). Never imports textual or tui."""
