import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FetchError, fetchListing, listingDate, type FetchOptions } from "../../src/sources/fetch.ts";
import { ingest } from "../../src/ingest/ingest.ts";
import { FIXTURES, ROOT, tempContent } from "../helpers.ts";

const fixture = (name: string) => readFileSync(join(FIXTURES, name), "utf8");
const EMPTY_RSS = fixture("arxiv-rss-cs.LG-2025-03-19.xml").replace(/<item>[\s\S]*<\/item>\n/, "");

/** What the local server answers, by path; every request is recorded. */
type Route = (request: IncomingMessage, response: ServerResponse) => void;
const routes = new Map<string, Route>();
const requests: string[] = [];
let baseUrl = "";
const server = createServer((request, response) => {
  requests.push(request.url ?? "");
  const route = routes.get(new URL(request.url ?? "/", "http://x").pathname);
  if (route) route(request, response);
  else response.writeHead(404, { "content-type": "text/plain" }).end("Not found");
});
const send =
  (status: number, body: string, headers: Record<string, string> = {}): Route =>
  (_, response) =>
    response.writeHead(status, headers).end(body);

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function run(options: Partial<FetchOptions>) {
  const contentDir = tempContent();
  return { contentDir, result: fetchListing({ source: "hf", contentDir, baseUrl, pauseMs: 10, ...options }) };
}

const digests = (contentDir: string) => readdirSync(join(contentDir, "digests"));

describe("npm run fetch", () => {
  it("saves Hugging Face's daily papers under the day's name, and the ingest reads them", async () => {
    routes.set("/api/daily_papers", send(200, fixture("hf-daily-2025-03-19.json"), { "content-type": "application/json" }));
    const { contentDir, result } = run({ source: "hf", date: "2025-03-19" });
    await expect(result).resolves.toMatchObject({ papers: 3, empty: false });
    expect(requests.at(-1)).toBe("/api/daily_papers?date=2025-03-19");
    expect(digests(contentDir)).toEqual(["2025-03-19-hf.json"]);
    expect(readFileSync(join(contentDir, "digests", "2025-03-19-hf.json"), "utf8")).toBe(fixture("hf-daily-2025-03-19.json"));
    expect(ingest({ contentDir }).papers).toHaveLength(3);
  });

  it("saves an arXiv category's RSS listing under the date the listing announces", async () => {
    routes.set("/rss/cs.LG", send(200, fixture("arxiv-rss-cs.LG-2025-03-19.xml"), { "content-type": "application/rss+xml" }));
    const { contentDir, result } = run({ source: "arxiv", category: "cs.LG", now: new Date("2025-03-20T09:00:00Z") });
    await expect(result).resolves.toMatchObject({ papers: 5 });
    expect(digests(contentDir)).toEqual(["2025-03-19-arxiv-cs.LG.xml"]);
    expect(listingDate("<pubDate>Mon, 3 Mar 2025 00:00:00 -0500</pubDate>")).toBe("2025-03-03");
  });

  it("pages through an arXiv API query, pausing between calls", async () => {
    const atom = fixture("arxiv-api-2025-03-18.xml");
    // A full first page (the API's 100 a call: the fixture's last entry under 98 new ids, beside its other two) makes the
    // fetch ask for a second, which answers with the fixture's 3: fewer than a page, so the query is done.
    const entries = atom.match(/ {2}<entry>[\s\S]*?<\/entry>\n/g)!;
    const copies = Array.from({ length: 98 }, (_, i) => entries[2].replaceAll("2303.15343", `2401.${String(10000 + i)}`));
    const full = atom.replace(entries.join(""), [...entries.slice(0, 2), ...copies].join(""));
    // Reading a page of 100 takes a few hundred milliseconds itself, so the time between calls alone cannot show the pause:
    // the timers of the pause's length are noted as they are set, and the second call must come that long after one.
    const pauseMs = 250;
    const pauses: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const timers = vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: () => void, ms?: number, ...args: unknown[]) => {
      if (ms === pauseMs) pauses.push(performance.now());
      return realSetTimeout(handler, ms, ...args);
    }) as unknown as typeof setTimeout);
    const calls: { query: Record<string, string>; at: number }[] = [];
    routes.set("/api/query", (request, response) => {
      const query = Object.fromEntries(new URL(request.url!, "http://x").searchParams);
      calls.push({ query, at: performance.now() });
      send(200, query.start === "0" ? full : atom, { "content-type": "application/atom+xml" })(request, response);
    });
    try {
      // --max 150 asks the second call for the 50 still wanted.
      const { contentDir, result } = run({ source: "arxiv", query: "cat:cs.LG", date: "2025-03-18", max: 150, pauseMs });
      await expect(result).resolves.toMatchObject({ papers: 103 });
      const asked = { search_query: "cat:cs.LG", sortBy: "submittedDate", sortOrder: "descending" };
      expect(calls.map((c) => c.query)).toEqual([
        { ...asked, start: "0", max_results: "100" },
        { ...asked, start: "100", max_results: "50" },
      ]);
      // One pause, begun after the first call and waited out before the second (a timer may fire a millisecond early).
      expect(pauses).toHaveLength(1);
      expect(pauses[0]).toBeGreaterThan(calls[0].at);
      expect(calls[1].at - pauses[0]).toBeGreaterThanOrEqual(pauseMs - 5);
      expect(digests(contentDir).sort()).toEqual(["2025-03-18-arxiv-query-2.xml", "2025-03-18-arxiv-query.xml"]);
      expect(readFileSync(join(contentDir, "digests", "2025-03-18-arxiv-query.xml"), "utf8")).toBe(full);
      expect(readFileSync(join(contentDir, "digests", "2025-03-18-arxiv-query-2.xml"), "utf8")).toBe(atom);
    } finally {
      timers.mockRestore();
    }
  });

  it("names a 404 and a 500, and writes nothing", async () => {
    routes.set("/rss/cs.XX", send(404, "Not found"));
    const missing = run({ source: "arxiv", category: "cs.XX" });
    await expect(missing.result).rejects.toThrow(
      /^HTTP 404 Not Found from http:\/\/127\.0\.0\.1:\d+\/rss\/cs\.XX \(is the category or date right\?\); nothing written$/,
    );
    routes.set("/api/daily_papers", send(500, "Internal error"));
    const failing = run({ source: "hf", date: "2025-03-19" });
    await expect(failing.result).rejects.toThrow(/^HTTP 500 Internal Server Error from .* \(the service is failing; try again later\); nothing written$/);
    expect(digests(missing.contentDir)).toEqual([]);
    expect(digests(failing.contentDir)).toEqual([]);
  });

  it("refuses a garbage body or a page that is not the listing asked for, and writes nothing", async () => {
    routes.set("/api/daily_papers", send(200, '[{"paper": {"id": "2503.14476", "title": "cut off'));
    const cut = run({ source: "hf", date: "2025-03-19" });
    await expect(cut.result).rejects.toThrow(/did not answer with a Hugging Face daily papers listing: malformed JSON: .* \(line 1\); nothing written$/);
    routes.set("/rss/cs.LG", send(200, "<html><body>Rate exceeded.</body></html>", { "content-type": "text/html" }));
    const html = run({ source: "arxiv", category: "cs.LG" });
    await expect(html.result).rejects.toThrow(/did not answer with a arXiv RSS listing: an XML document with root <html>/);
    routes.set("/api/daily_papers", send(200, fixture("arxiv-rss-cs.LG-2025-03-19.xml")));
    const wrong = run({ source: "hf", date: "2025-03-19" });
    await expect(wrong.result).rejects.toThrow(/answered with arXiv RSS, not a Hugging Face daily papers listing; nothing written$/);
    for (const { contentDir } of [cut, html, wrong]) expect(digests(contentDir)).toEqual([]);
  });

  it("says an empty listing is empty, and writes nothing", async () => {
    routes.set("/rss/cs.LG", send(200, EMPTY_RSS));
    const rss = run({ source: "arxiv", category: "cs.LG" });
    await expect(rss.result).resolves.toEqual({ files: [], papers: 0, empty: true });
    routes.set("/api/daily_papers", send(200, "[]"));
    const hf = run({ source: "hf", date: "2025-03-22" });
    await expect(hf.result).resolves.toMatchObject({ empty: true });
    expect(digests(rss.contentDir)).toEqual([]);
    expect(digests(hf.contentDir)).toEqual([]);
  });

  it("waits out a rate limit as the service asks, then gives up with a clear message", async () => {
    let calls = 0;
    routes.set("/api/daily_papers", (_, response) => {
      calls++;
      if (calls < 3) response.writeHead(429, { "retry-after": "0" }).end("Too many requests");
      else response.writeHead(200).end(fixture("hf-daily-2025-03-19.json"));
    });
    const lines: string[] = [];
    const ok = run({ source: "hf", date: "2025-03-19", log: (l) => lines.push(l) });
    await expect(ok.result).resolves.toMatchObject({ papers: 3 });
    expect(lines).toEqual([
      expect.stringMatching(/^HTTP 429 from 127\.0\.0\.1:\d+: waiting 0 s before trying again \(1\/3\)$/),
      expect.stringMatching(/\(2\/3\)$/),
    ]);
    routes.set("/api/daily_papers", send(503, "Busy", { "retry-after": "0" }));
    const busy = run({ source: "hf", date: "2025-03-19" });
    await expect(busy.result).rejects.toThrow(/^127\.0\.0\.1:\d+ is rate-limiting us \(HTTP 503\) after 3 tries; try again later$/);
  });

  it("names a server that cannot be reached", async () => {
    // A port that was just free, so nothing listens there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const contentDir = tempContent();
    const result = fetchListing({ source: "hf", contentDir, date: "2025-03-19", baseUrl: `http://127.0.0.1:${port}` });
    await expect(result).rejects.toThrow(
      new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}/api/daily_papers\\?date=2025-03-19: ECONNREFUSED; check the network`),
    );
    await expect(result).rejects.toBeInstanceOf(FetchError);
  });

  it("runs from the command line: exit 0 with what it wrote, exit 1 with the error", async () => {
    routes.set("/api/daily_papers", send(200, fixture("hf-daily-2025-03-19.json")));
    const contentDir = tempContent();
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/fetch.ts", "--content", contentDir, "--base-url", baseUrl, ...args], { cwd: ROOT });
    const ok = await cli("--source", "hf", "--date", "2025-03-19");
    expect(ok.stdout.trim()).toMatch(/^3 papers → .*digests\/2025-03-19-hf\.json$/);
    const bad = cli("--source", "arxiv");
    await expect(bad).rejects.toMatchObject({ code: 1, stderr: "error: --source arxiv needs --category (e.g. cs.LG) or --query\n" });
    expect(existsSync(join(contentDir, "digests", "2025-03-19-hf.json"))).toBe(true);
  });
});
