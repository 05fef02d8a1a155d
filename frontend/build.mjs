// Copies the front-end packages into Django's static files (src/engineroom/web/static/vendor).
// Nothing is loaded from a CDN: the NHS.UK frontend's web-font URLs (a licensed font on
// assets.nhs.uk) are removed so pages fall back to Arial, as the design system specifies.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "src", "engineroom", "web", "static", "vendor");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "nhsuk"), { recursive: true });

const nhsuk = join(modules, "nhsuk-frontend", "dist", "nhsuk");
const css = readFileSync(join(nhsuk, "nhsuk-frontend.min.css"), "utf8")
  .replace(/@font-face\{[^}]*assets\.nhs\.uk[^}]*\}/g, "")
  .replaceAll("url(/assets/", "url(assets/");
writeFileSync(join(out, "nhsuk", "nhsuk-frontend.min.css"), css);
cpSync(join(nhsuk, "nhsuk-frontend.min.js"), join(out, "nhsuk", "nhsuk-frontend.min.js"));
cpSync(join(nhsuk, "assets"), join(out, "nhsuk", "assets"), { recursive: true });

const copies = {
  "htmx.org/dist/htmx.min.js": "htmx.min.js",
};
for (const [from, to] of Object.entries(copies)) {
  cpSync(join(modules, from), join(out, to));
}
console.log(`front end built into ${out}`);
