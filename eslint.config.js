// ESLint: typescript-eslint's recommended rules, and the layers of src/ (docs/ARCHITECTURE.md) with no import cycles.
// Prettier formats (.prettierrc.json); nothing here is about layout. https://typescript-eslint.io/getting-started
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

// The folders of src/, lowest first: a folder imports only from the folders of the rows above it, and from itself.
const LAYERS = [
  ["text"], //               plain-text hygiene: whitespace, HTML and Markdown escaping, LaTeX, URLs
  ["platform"], //           worker threads, config files checked with zod, input errors naming file and line
  ["model"], //              the paper, its facts, identity, authors, issues, dates, arXiv ids, slugs, the site's URLs
  ["sources", "analysis", "browser"], // digest formats and fetching | tokens, topics, TF-IDF, related papers, summaries |
  //                           the reader's script (bundled by esbuild; pure modules of model/ only)
  ["store", "trends"], //    the page on disk and derived.json | weekly topic shares and rising topics
  ["ingest", "archive"], //  the stages and the ingest run | the archive as the build reads it
  ["render", "recommend"], // how a paper, date or count is written; Markdown; citations; listing cards | what the
  //                           reader's browser gets to recommend from (the window's compact features)
  ["feeds", "newsletter"], // RSS | the email
  ["delivery"], //           sending the newsletter to subscribers over SMTP
  ["site"], //               what .eleventy.js registers: filters, collections; the search index
];

const rank = new Map(LAYERS.flatMap((row, i) => row.map((folder) => [folder, i])));
const layerZones = [...rank]
  .map(([folder, r]) => ({
    target: `./src/${folder}`,
    from: [...rank].filter(([other, o]) => other !== folder && o >= r).map(([other]) => `./src/${other}`),
    message: `src/${folder} is below this folder (eslint.config.js: LAYERS)`,
  }))
  .filter((zone) => zone.from.length > 0);

export default tseslint.config(
  { ignores: ["_site/**", ".cache/**", "node_modules/**", "test/fixtures/**"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.js"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts"] },
    },
    languageOptions: { globals: globals.node },
    rules: {
      // no-cycle skips type-only imports; `npm run lint` also runs madge, which counts them.
      "import-x/no-cycle": "error",
      "import-x/no-restricted-paths": ["error", { zones: layerZones }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", caughtErrors: "none" }],
      // The tests' patterns match YAML and BibTeX as written, indentation included.
      "no-regex-spaces": "off",
    },
  },
  {
    // The search page's script runs in the browser, after pagefind-ui.js has defined PagefindUI.
    files: ["templates/assets/**/*.js"],
    languageOptions: { globals: { ...globals.browser, PagefindUI: "readonly" } },
  },
  {
    // The reader's script runs in the browser (src/recommend/bundle.ts bundles it); its model module also runs in Node for the benchmark.
    files: ["src/browser/**/*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Eleventy's data files and .eleventy.js are JavaScript, outside tsc's check: a moved or renamed export fails here.
    files: ["**/*.js"],
    rules: { "import-x/named": "error", "import-x/no-unresolved": "error" },
  },
);
