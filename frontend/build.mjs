// Build the front end into static_build/ (git-ignored): CSS with sass, JS with esbuild,
// and the GOV.UK / MoJ fonts and images. No source maps, so whitenoise's manifest
// storage never looks for a missing .map file.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static_build");
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "assets"), { recursive: true });

const css = sass.compile(join(root, "frontend/scss/application.scss"), {
  style: "compressed",
  sourceMap: false,
  importers: [new sass.NodePackageImporter(root)],
  loadPaths: [root],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "mixed-decls"],
});
writeFileSync(join(out, "application.css"), css.css);

await esbuild.build({
  entryPoints: [join(root, "frontend/js/application.mjs")],
  bundle: true,
  minify: true,
  format: "esm",
  target: ["es2020"],
  sourcemap: false,
  outfile: join(out, "application.js"),
  logLevel: "warning",
});

cpSync(join(root, "node_modules/govuk-frontend/dist/govuk/assets"), join(out, "assets"), {
  recursive: true,
});
cpSync(join(root, "node_modules/@ministryofjustice/frontend/moj/assets"), join(out, "assets"), {
  recursive: true,
});
console.log("Built static_build/: application.css, application.js, assets/");
