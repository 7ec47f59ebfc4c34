"""Course-wide pytest set-up: every lesson's tests get the shared fixtures by name."""

pytest_plugins = ["course.testing", "course.fixtures_backends"]
