"""The project's own Dutch language pipeline and entity vocabulary (offline: no model hub)."""
