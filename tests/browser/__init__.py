"""Tests that drive a real browser (headless Chromium) against a running portal."""
