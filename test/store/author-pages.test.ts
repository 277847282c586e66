import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AUTHOR_SLUG_PATTERN, MAX_AUTHOR_SLUG, authorSlug } from "../../src/model/authors.ts";
import { InputError } from "../../src/platform/input-error.ts";
import { authorPagesPath, formatAuthorPages, parseAuthorPages, readAuthorPages, updateAuthorPages, writeAuthorPages } from "../../src/store/author-pages.ts";
import { tempDir } from "../helpers.ts";

/** content/author-pages.txt (src/store/author-pages.ts): who has an author page, kept by the ingest, never shrinking. */

const nothing = () => [] as string[];

describe("the list of author pages", () => {
  it("is a one-line comment, then the slugs sorted, once each", () => {
    const text = formatAuthorPages(["lucas-beyer", "ann-lee", "lucas-beyer"]);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^# .*\/authors\/<slug>\/.*never removes/);
    expect(lines.slice(1)).toEqual(["ann-lee", "lucas-beyer", ""]);
    expect(parseAuthorPages(text, "x.txt")).toEqual(["ann-lee", "lucas-beyer"]);
    expect(formatAuthorPages([])).toBe(`${lines[0]}\n`);
  });

  it("reads comments and blank lines as nothing, and surrounding spaces or a CRLF as nothing too", () => {
    expect(parseAuthorPages("# a comment\n\nann-lee\r\n  bo-chen  \n# another\n", "x.txt")).toEqual(["ann-lee", "bo-chen"]);
  });

  it("refuses a line that is not an author's slug, naming the file and line", () => {
    for (const bad of ["Lucas Beyer", "/authors/lucas-beyer/", "lucas--beyer", "-lucas", "lucas_beyer", "x".repeat(MAX_AUTHOR_SLUG + 1)]) {
      const parse = () => parseAuthorPages(`# header\nann-lee\n${bad}\nbo-chen\n`, "content/author-pages.txt");
      expect(parse, bad).toThrow(InputError);
      expect(parse, bad).toThrow(/^content\/author-pages\.txt:3: ".*" is not an author's slug/);
    }
  });

  it("accepts every slug authorSlug gives, so what the ingest writes it reads back", () => {
    const names = [
      "Olivier Hénaff",
      "王小明",
      "Владимир Вапник",
      "../../etc/passwd <script>",
      "A. B. C-D",
      "x".repeat(5000),
      `${"Long ".repeat(40)}Name`,
      "Ann & Bo",
    ];
    for (const name of names) expect(authorSlug(name), name).toMatch(AUTHOR_SLUG_PATTERN);
    const dir = tempDir("author-list-");
    writeAuthorPages(dir, names.map(authorSlug));
    expect(readAuthorPages(dir)).toEqual([...new Set(names.map(authorSlug))].sort());
  });

  it("is absent, not empty, before the first ingest; a malformed file stops the reader with file and line", () => {
    const dir = tempDir("author-list-");
    expect(readAuthorPages(dir)).toBeUndefined();
    writeFileSync(authorPagesPath(dir), "# header\n\nLucas Beyer\n");
    expect(() => readAuthorPages(dir)).toThrow(`${authorPagesPath(dir)}:3: "Lucas Beyer" is not an author's slug`);
  });
});

describe("updating the list after an ingest", () => {
  it("starts a new archive's list with the authors over the threshold alone", () => {
    const dir = tempDir("author-list-");
    const update = updateAuthorPages(dir, readAuthorPages(dir), ["lucas-beyer", "basil-mustafa"], nothing);
    expect(update).toEqual({ slugs: ["basil-mustafa", "lucas-beyer"], added: ["basil-mustafa", "lucas-beyer"], started: true, written: true });
    expect(readAuthorPages(dir)).toEqual(["basil-mustafa", "lucas-beyer"]);
  });

  it("starts an older archive's list from the authors its pages link, who all had a page, and those over the threshold", () => {
    const dir = tempDir("author-list-");
    const update = updateAuthorPages(dir, undefined, ["lucas-beyer"], () => ["pete-walsh", "team-olmo", "lucas-beyer"]);
    expect(update.slugs).toEqual(["lucas-beyer", "pete-walsh", "team-olmo"]);
    expect(update.started).toBe(true);
  });

  it("takes the seed only when there is no list: an existing list, even empty, is not started again", () => {
    const dir = tempDir("author-list-");
    writeAuthorPages(dir, []);
    const seed = () => {
      throw new Error("the seed is not asked for");
    };
    expect(updateAuthorPages(dir, readAuthorPages(dir), ["ann-lee"], seed).slugs).toEqual(["ann-lee"]);
  });

  it("never removes anyone: an author below the threshold now, or gone from the archive, stays", () => {
    const dir = tempDir("author-list-");
    writeAuthorPages(dir, ["ann-lee", "someone-gone"]);
    const update = updateAuthorPages(dir, readAuthorPages(dir), ["bo-chen"], nothing);
    expect(update.slugs).toEqual(["ann-lee", "bo-chen", "someone-gone"]);
    expect(update.added).toEqual(["bo-chen"]);
    expect(update.started).toBe(false);
    expect(updateAuthorPages(dir, readAuthorPages(dir), [], nothing).slugs).toEqual(["ann-lee", "bo-chen", "someone-gone"]);
  });

  it("writes the file only when it changes, and then atomically (a new file renamed over the old)", () => {
    const dir = tempDir("author-list-");
    const path = authorPagesPath(dir);
    updateAuthorPages(dir, undefined, ["ann-lee"], nothing);
    const first = statSync(path);
    const again = updateAuthorPages(dir, readAuthorPages(dir), ["ann-lee"], nothing);
    expect(again).toMatchObject({ added: [], written: false });
    expect(statSync(path).mtimeMs).toBe(first.mtimeMs);
    expect(statSync(path).ino).toBe(first.ino);
    const grown = updateAuthorPages(dir, readAuthorPages(dir), ["ann-lee", "bo-chen"], nothing);
    expect(grown).toMatchObject({ added: ["bo-chen"], written: true });
    expect(statSync(path).ino).not.toBe(first.ino);
    expect(readdirSync(dir)).toEqual(["author-pages.txt"]);
    // A hand-edited list (unsorted, a comment of the curator's) is written back in order, its slugs kept.
    writeFileSync(path, "# mine\nzed-a\nann-lee\nbo-chen\n");
    expect(updateAuthorPages(dir, readAuthorPages(dir), [], nothing)).toMatchObject({ slugs: ["ann-lee", "bo-chen", "zed-a"], added: [], written: true });
    expect(readFileSync(path, "utf8")).toBe(formatAuthorPages(["ann-lee", "bo-chen", "zed-a"]));
    expect(join(dir, "author-pages.txt")).toBe(path);
  });
});
