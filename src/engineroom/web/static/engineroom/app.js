// Starts the NHS.UK frontend components. Pages work without JavaScript; this only enhances them.
import { initAll } from "../vendor/nhsuk/nhsuk-frontend.min.js";

initAll();
