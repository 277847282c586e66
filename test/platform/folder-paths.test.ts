import fc from "fast-check";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { fromFolder, inFolder } from "../../src/platform/folder-paths.ts";

// Paths made of the pieces that change what normalizing does: separators of either kind, "." and "..", empty segments.
const piece = fc.constantFrom("a", "papers", "index.html", "é", ".", "..", "...", ".a", "a.", "", "/", "//", "\\");
const path = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(""));
const segments = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join("/"));
// Paths already normal, which take the fast paths: most of what a build joins and takes apart.
const name = fc.constantFrom("a", "papers", "index.html", "é", "...", ".a", "a.", "_site", "_site-old");
const normalRelative = fc.array(name, { minLength: 1, maxLength: 5 }).map((names) => names.join("/"));
const normalAbsolute = normalRelative.map((p) => `/${p}`);
const anyPath = fc.oneof(
  path,
  segments,
  segments.map((p) => `/${p}`),
  normalRelative,
  normalAbsolute,
);

describe("paths in a folder, as Node's path module puts them together", () => {
  it("inFolder is join and fromFolder is relative, for any folder and path", () => {
    fc.assert(
      fc.property(anyPath, anyPath, (folder, p) => {
        expect(inFolder(folder, p)).toBe(join(folder, p));
        expect(fromFolder(folder, p)).toBe(relative(folder, p));
        // A file in the folder, as the build's plan makes them, and taken apart again.
        const file = join(folder, p);
        expect(fromFolder(folder, file)).toBe(relative(folder, file));
      }),
      { numRuns: 5000 },
    );
  });

  it("takes a file apart from a folder whose name begins the file's path only where a separator follows it", () => {
    fc.assert(
      fc.property(normalAbsolute, fc.constantFrom("", "-old", "s", "/"), anyPath, (folder, after, rest) => {
        const file = `${folder}${after}${rest}`;
        expect(fromFolder(folder, file)).toBe(relative(folder, file));
        expect(inFolder(folder, `${after}${rest}`)).toBe(join(folder, `${after}${rest}`));
      }),
      { numRuns: 5000 },
    );
  });

  it("puts together and takes apart a built site's files as join and relative do", () => {
    const site = "/work/site/_site";
    for (const rel of ["papers/attention-is-all-you-need/index.html", "feed.xml", "authors/a-b/feed.xml", "assets/site.css"]) {
      expect(inFolder(site, rel)).toBe(join(site, rel));
      expect(fromFolder(site, join(site, rel))).toBe(rel);
    }
    // Not normal: Node's own answer.
    expect(inFolder(site, "papers/../../etc")).toBe("/work/site/etc");
    expect(inFolder("/work/site/./_site/", "papers//x/")).toBe("/work/site/_site/papers/x/");
    expect(fromFolder(site, "/work/site/_site/papers/../feed.xml")).toBe("feed.xml");
    expect(fromFolder(site, "/work/site/_site-old/feed.xml")).toBe("../_site-old/feed.xml");
    expect(fromFolder("/", "/feed.xml")).toBe("feed.xml");
  });
});
