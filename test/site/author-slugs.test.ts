import { writeFileSync } from "node:fs";
import { join } from "node:path";
import slugify from "@sindresorhus/slugify";
import { describe, expect, it } from "vitest";
import { authorSlug } from "../../src/model/authors.ts";
import { readDigest } from "../../src/sources/index.ts";
import { sampleWithSources, tempDir } from "../helpers.ts";

/**
 * An author's slug is worked out for every byline of the archive on every build (src/archive/authors.ts): a plain
 * ASCII name takes a short way (src/model/authors.ts), which must give what slugify gives.
 */
describe("an author's slug", () => {
  it("is slugify's for every plain name, of the real listings and of hand-picked ones", () => {
    const dir = tempDir("author-slugs-");
    const names = new Set(["Olga Aydin", "Krzysztof O'Brien", "Maria O. Foster", "Jean-Luc Picard", "McDonald", "A. B.", "X Æ", "Q"]);
    for (const [name, text] of Object.entries(sampleWithSources())) {
      writeFileSync(join(dir, name), text);
      for (const paper of readDigest(join(dir, name)).papers) for (const author of paper.facts.authors ?? []) names.add(author);
    }
    expect(names.size).toBeGreaterThan(100);
    for (const name of names) {
      const slow = slugify(name.normalize("NFKD").replace(/\p{M}/gu, ""), { decamelize: false });
      if (slow && slow.length <= 100) expect(authorSlug(name), name).toBe(slow);
    }
  });
});
