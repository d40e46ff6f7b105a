"""Copy the chosen OpenMoji pictures into this package (a maintenance tool).

Not used at run time. To add or change a pictogram:

1. Fetch OpenMoji without adding it to the project (it is large)::

       cd /tmp && npm pack openmoji@17.0.0 && mkdir -p openmoji \\
           && tar -xzf openmoji-17.0.0.tgz -C openmoji

2. Pick the emoji in ``/tmp/openmoji/package/data/openmoji.json`` (annotation,
   tags and hexcode) and set its hexcode for the key in ``data/pictograms.json``.
3. Add plain alt text for the key to ``data/alt/en.json``.
4. Run ``python -m easyread.pictograms.import_openmoji /tmp/openmoji/package``.

The tool copies each colour SVG to ``svg/<key>.svg``, fills in the emoji's name
and author in ``data/pictograms.json`` and writes ``CREDITS.md``. It changes the
SVG text only to remove ``id`` attributes and empty groups, so that several
pictures can sit on one page without repeating an id; the drawing is unchanged.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from easyread.pictograms.safety import svg_problems

HERE = Path(__file__).resolve().parent
CATALOGUE = HERE / "data" / "pictograms.json"
SVG_DIR = HERE / "svg"
CREDITS = HERE / "CREDITS.md"

_ID_ATTRIBUTE = re.compile(r'\s+id="[^"]*"')
_EMPTY_GROUP = re.compile(r"[ \t]*<g\s*/>\n?")


def clean_svg(svg: str) -> str:
    """The OpenMoji SVG without id attributes and empty groups."""
    if "url(#" in svg or "href" in svg:
        raise ValueError("this SVG refers to its own ids; handle it by hand")
    svg = _ID_ATTRIBUTE.sub("", svg)
    svg = _EMPTY_GROUP.sub("", svg)
    return svg.strip() + "\n"


def credits_markdown(catalogue: dict[str, Any]) -> str:
    rows = "\n".join(
        f"| `{key}` | {entry['hexcode']} | {entry['name']} | {entry['author']} |"
        for key, entry in sorted(catalogue["pictograms"].items())
    )
    return f"""# Pictogram credits

The pictograms in `svg/` are from
**OpenMoji – the open-source emoji and icon project**
(<{catalogue["source_url"]}>), version {catalogue["source_version"]}.

License: {catalogue["licence"]}
(Creative Commons Attribution-ShareAlike 4.0 International,
<{catalogue["licence_url"]}>). If you change these pictures and share them,
you must share your changes under the same licence and credit OpenMoji.

What we changed: we removed the `id` attributes and the empty groups from each
SVG file, so that several pictures can be placed on one page without repeating
an id. The drawings themselves are unchanged: they are OpenMoji's colour
versions, used as they are. `python -m easyread.pictograms.import_openmoji`
makes these files again from the OpenMoji package.

The alt text for each picture (`data/alt/`) is our own.

| key | OpenMoji hexcode | OpenMoji name | OpenMoji author |
|---|---|---|---|
{rows}
"""


def import_openmoji(package: Path) -> int:
    """Copy every picture named in the catalogue from the OpenMoji `package` folder."""
    catalogue = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    emoji = {
        entry["hexcode"]: entry
        for entry in json.loads((package / "data" / "openmoji.json").read_text(encoding="utf-8"))
    }
    SVG_DIR.mkdir(exist_ok=True)
    wanted = set(catalogue["pictograms"])
    for stale in SVG_DIR.glob("*.svg"):
        if stale.stem not in wanted:
            stale.unlink()
    for key, entry in sorted(catalogue["pictograms"].items()):
        hexcode = entry["hexcode"]
        if hexcode not in emoji:
            raise SystemExit(f"{key}: OpenMoji has no emoji with hexcode {hexcode}")
        svg = clean_svg((package / "color" / "svg" / f"{hexcode}.svg").read_text(encoding="utf-8"))
        problems = svg_problems(svg)
        if problems:
            raise SystemExit(f"{key} ({hexcode}): " + "; ".join(problems))
        (SVG_DIR / f"{key}.svg").write_text(svg, encoding="utf-8")
        entry["name"] = emoji[hexcode]["annotation"]
        entry["author"] = emoji[hexcode]["openmoji_author"]
    CATALOGUE.write_text(json.dumps(catalogue, indent=2, ensure_ascii=False) + "\n", "utf-8")
    CREDITS.write_text(credits_markdown(catalogue), encoding="utf-8")
    return len(catalogue["pictograms"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("package", type=Path, help="the extracted openmoji npm package folder")
    args = parser.parse_args(argv)
    count = import_openmoji(args.package)
    print(f"Copied {count} pictograms into {SVG_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
