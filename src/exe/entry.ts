/** The single-file executable's entry (bundled by scripts/build-exe.mjs): no arguments → `ui`; else the CLI. */
import './defaultToUi.js';
import '../cli/main.js';
