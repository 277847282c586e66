import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, posix, relative } from "node:path";

/** Every file under `dir`, as paths relative to it. */
export function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** The file a site URL path is served from, or undefined if there is none. */
export function fileForPath(siteDir: string, urlPath: string): string | undefined {
  const clean = decodeURIComponent(urlPath.split(/[?#]/)[0]);
  const candidates = clean.endsWith("/") ? [join(clean, "index.html")] : [clean, join(clean, "index.html")];
  return candidates.map((c) => join(siteDir, c)).find((f) => existsSync(f) && !f.endsWith("/"));
}

export interface BrokenLink {
  page: string;
  href: string;
}

/**
 * Internal links (`href`/`src` to a site path) that lead to no file, or to a page
 * without the `#fragment` they name.
 */
export function brokenInternalLinks(siteDir: string): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const file of listFiles(siteDir).filter((f) => f.endsWith(".html"))) {
    const html = readFileSync(join(siteDir, file), "utf8");
    const pageUrl = "/" + file.replace(/index\.html$/, "").split("\\").join("/");
    for (const [, href] of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith("//")) continue;
      const [path, fragment] = href.replace(/&amp;/g, "&").split("#");
      const target = path === "" ? join(siteDir, file) : fileForPath(siteDir, posix.resolve(posix.dirname(pageUrl + "x"), path));
      if (!target) {
        broken.push({ page: file, href });
      } else if (fragment && target.endsWith(".html") && !readFileSync(target, "utf8").includes(`id="${fragment}"`)) {
        broken.push({ page: file, href });
      }
    }
  }
  return broken;
}

/** xmllint's verdict on a file: "" if well-formed, else its complaint. */
export function xmllint(file: string): string {
  try {
    execFileSync("xmllint", ["--noout", file], { stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stderr?: Buffer }).stderr ?? error);
  }
}
