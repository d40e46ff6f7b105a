// Builds the front-end assets into portal/static/dist/:
//   - portal.<hash>.css: NHS.UK frontend compiled with no web fonts (the
//     system sans-serif is used) plus the portal's own styles;
//   - portal.<hash>.js and nhsuk-frontend.<hash>.js: progressive enhancement only;
//   - nhsuk/images/: icons and favicons the CSS and layout refer to;
//   - pictograms/<key>.<hash>.svg: the easy-read pictograms (easyread/pictograms/svg);
//   - manifest.json: logical name -> hashed file name, read by the app.
// Nothing is fetched from the network.
import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nhsuk = join(root, "node_modules/nhsuk-frontend/dist/nhsuk");
const out = join(root, "portal/static/dist");

function hashed(name, contents) {
  const digest = createHash("sha256").update(contents).digest("hex").slice(0, 12);
  const dot = name.lastIndexOf(".");
  return `${name.slice(0, dot)}.${digest}${name.slice(dot)}`;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const manifest = {};

function emit(logicalName, contents) {
  const file = hashed(logicalName, contents);
  writeFileSync(join(out, file), contents);
  manifest[logicalName] = `dist/${file}`;
  return file;
}

const css = sass.compile(join(root, "portal/assets/scss/portal.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
}).css;
if (/url\(["']?https?:/.test(css)) {
  throw new Error("The compiled CSS refers to another host; assets must be self-hosted.");
}
emit("portal.css", css);

const nhsukScript = emit("nhsuk-frontend.js", readFileSync(join(nhsuk, "nhsuk-frontend.min.js")));
const portalScript = readFileSync(join(root, "portal/assets/js/portal.mjs"), "utf8").replace(
  "./nhsuk-frontend.js",
  `./${nhsukScript}`,
);
emit("portal.js", portalScript);

cpSync(join(nhsuk, "assets/images"), join(out, "nhsuk/images"), { recursive: true });

// Pictograms get hashed names too, so a family's phone caches each one once.
const pictograms = join(root, "easyread/pictograms/svg");
if (existsSync(pictograms)) {
  mkdirSync(join(out, "pictograms"), { recursive: true });
  for (const name of readdirSync(pictograms).filter((file) => file.endsWith(".svg")).sort()) {
    emit(`pictograms/${name}`, readFileSync(join(pictograms, name)));
  }
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
console.log(`Built ${Object.keys(manifest).length} assets into portal/static/dist`);
