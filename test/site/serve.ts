import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css",
  ".js": "text/javascript",
  ".json": "application/json",
  ".xml": "application/xml",
  ".opml": "text/x-opml",
  ".wasm": "application/wasm",
  ".txt": "text/plain",
  ".png": "image/png",
};

/**
 * Serves a built site from loopback, as a static host would; resolves to its base URL. With a
 * `pathPrefix` ("/paper-digest/"), the site is served under it, as on a GitHub Pages project site.
 */
export async function serveSite(dir: string, pathPrefix = "/"): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const requested = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
    const inside = requested.startsWith(pathPrefix);
    let file = join(dir, normalize(`/${requested.slice(pathPrefix.length)}`));
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!inside || !file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404, { "content-type": TYPES[".html"] });
      createReadStream(join(dir, "404.html")).pipe(response);
      return;
    }
    response.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
