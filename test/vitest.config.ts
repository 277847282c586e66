import { defineConfig } from "vitest/config";

// https://vitest.dev/config/
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Real builds and real clients on a shared 2-core machine.
    testTimeout: 30_000,
  },
});
