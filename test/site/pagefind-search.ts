import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { join, normalize } from "node:path";
import { pathToFileURL } from "node:url";

/**
 * Pagefind's own search over a built site, in Node alone (no browser): the site's pagefind/pagefind.js, reading the
 * bundles over HTTP from a server on a free local port (it fetches its files; Node's fetch has no file: URLs), merging
 * every part pagefind/parts.json lists as templates/assets/search.js does (`mergeIndex`,
 * https://pagefind.app/docs/multisite/). Outside a browser Pagefind searches on the main thread, without its worker.
 */

interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  mergeIndex(bundlePath: string, options?: Record<string, unknown>): Promise<void>;
  search(term: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }>;
  destroy(): Promise<void>;
}

/** Each query's result URLs, sorted. */
export async function searchSite(siteDir: string, queries: string[]): Promise<Record<string, string[]>> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname));
    readFile(join(siteDir, path)).then(
      (body) => response.writeHead(200).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    // A module of its own per site: pagefind.js keeps its index in module state.
    const pagefind = (await import(/* @vite-ignore */ pathToFileURL(join(siteDir, "pagefind", "pagefind.js")).href)) as Pagefind;
    // Result URLs as the site serves them ("/papers/…/"), not under the test server's origin.
    await pagefind.options({ basePath: `${origin}/pagefind/`, baseUrl: "/" });
    const parts = JSON.parse(await readFile(join(siteDir, "pagefind", "parts.json"), "utf8")) as string[];
    for (const part of parts) await pagefind.mergeIndex(`${origin}/pagefind/${part}`, { baseUrl: "/" });
    const found: Record<string, string[]> = {};
    for (const query of queries) {
      const { results } = await pagefind.search(query);
      found[query] = (await Promise.all(results.map((result) => result.data()))).map((data) => data.url).sort();
    }
    await pagefind.destroy();
    return found;
  } finally {
    server.close();
  }
}
