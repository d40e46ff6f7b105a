"""Run axe-core in the page the browser shows, and describe what it finds.

The axe-core file comes from npm (`npm ci` puts it in node_modules), so the
rules are the ones the project pins in package-lock.json, not an older copy
bundled with a Python package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AXE_SOURCE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"

# WCAG 2.2 AA, the level NHS services must meet, with every earlier level it includes.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

# Only violations are sent back, cut down to what a developer needs to fix
# them: the full results are large and slow to pass through WebDriver.
_RUN_AXE = """
const tags = arguments[0];
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(results => done({
    violations: results.violations.map(violation => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      helpUrl: violation.helpUrl,
      nodes: violation.nodes.map(node => ({
        target: node.target,
        summary: node.failureSummary,
      })),
    })),
  }))
  .catch(error => done({error: String(error)}));
"""


def violations_on_page(driver: WebDriver, axe_source: str) -> list[dict[str, Any]]:
    """Inject axe-core into the current page and return its WCAG violations."""
    driver.execute_script(axe_source)
    outcome: dict[str, Any] = driver.execute_async_script(_RUN_AXE, list(WCAG_TAGS))
    if "error" in outcome:
        raise RuntimeError(f"axe-core could not check the page: {outcome['error']}")
    return outcome["violations"]


def _describe_target(target: list[Any]) -> str:
    # A target is a list of selectors: one per frame or shadow root it sits in.
    return " >> ".join(part if isinstance(part, str) else json.dumps(part) for part in target)


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """A readable report: each rule broken, and every element that breaks it."""
    lines: list[str] = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {_describe_target(node['target'])}")
            summary = (node.get("summary") or "").strip()
            lines.extend(f"      {line}" for line in summary.splitlines() if line.strip())
    return "\n".join(lines)
