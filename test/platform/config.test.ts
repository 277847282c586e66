import { readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { readCheckSetFile, readOutOfMlLabels } from "../../src/ingest/quality.ts";
import { loadTaxonomy } from "../../src/analysis/topics.ts";
import { loadSiteSettings } from "../../src/store/settings.ts";
import { buildSite, ROOT, tempContent, tempDir } from "../helpers.ts";

/**
 * Every config file is checked with zod as it is read (src/platform/config-file.ts): a bad value stops the run with one line
 * naming the file, the line, the key path and what was expected. Each broken copy changes one value; the expected
 * line is found in the broken text by the edit's own words, and the key path by the parsed JSON.
 */

const FIXTURES = join(ROOT, "test", "fixtures");
const CHECK_SETS = ["topic-check-set.json", "topics-dev.json", "topics-held-out.json", "topics-held-out-2.json"];

/** `text` with `from` replaced once by `to`; fails rather than test an unbroken copy. */
function edited(text: string, from: string | RegExp, to: string): string {
  const broken = text.replace(from, to);
  expect(broken, `no ${String(from)} to break`).not.toBe(text);
  return broken;
}

/** The 1-based line of the first line of `text` holding `words`. */
function lineOf(text: string, words: string): number {
  const line = text.split("\n").findIndex((l) => l.includes(words)) + 1;
  expect(line, `no line holds ${words}`).toBeGreaterThan(0);
  return line;
}

/** A content folder whose `file` (site.json, _data/taxonomy.json, topic-profiles.json) has one edit. */
function brokenContent(file: string, from: string | RegExp, to: string): { content: string; path: string; text: string } {
  const content = tempContent();
  const path = join(content, file);
  const text = edited(readFileSync(path, "utf8"), from, to);
  writeFileSync(path, text);
  return { content, path, text };
}

/** A copy of a fixture with one edit, in a folder of its own. */
function brokenFixture(name: string, from: string | RegExp, to: string): { path: string; text: string } {
  const path = join(tempDir("config-"), name);
  const text = edited(readFileSync(join(FIXTURES, name), "utf8"), from, to);
  writeFileSync(path, text);
  return { path, text };
}

/** What an Eleventy build of `content` writes to stderr when it fails; "" when it succeeds. */
function buildErrors(content: string): string {
  try {
    buildSite(content, tempDir("config-site-"));
  } catch (error) {
    return String((error as { stderr?: string }).stderr);
  }
  return "";
}

describe("content/site.json", () => {
  it("loads as committed, with its values", () => {
    const site = loadSiteSettings(join(ROOT, "content"), {});
    expect(site.feed).toEqual({ items: 100, topicItems: 50, ttl: 720 });
    expect(site.newsletter.sendTime).toBe("07:00");
  });

  it.each([
    ["a count written as text", '"pageSize": 50', '"pageSize": "50"', '"pageSize"', 'pageSize: expected number, found "50"'],
    ["a count of none", '"items": 100', '"items": 0', '"items"', "feed.items: expected a number above 0, found 0"],
    ["a fraction of a count", '"pagesPerIndex": 10000', '"pagesPerIndex": 2.5', '"pagesPerIndex"', "search.pagesPerIndex: expected a whole number, found 2.5"],
    ["a time of day", '"sendTime": "07:00"', '"sendTime": "7am"', '"sendTime"', 'newsletter.sendTime: expected a time of day written HH:MM, found "7am"'],
    [
      "a URL without its scheme",
      '"url": "https://digest.example.org"',
      '"url": "digest.example.org"',
      '"url"',
      'url: expected an http or https URL, found "digest.example.org"',
    ],
    [
      "an unsubscribe address of the wrong scheme",
      '"listUnsubscribe": ""',
      '"listUnsubscribe": "ftp://x.org/"',
      '"listUnsubscribe"',
      'newsletter.listUnsubscribe: expected an https: or mailto: URL, or nothing, found "ftp://x.org/"',
    ],
    ["a missing setting", /\s*"language": "en",/, "", "{", "language: expected string, but it is missing"],
  ])("names the line and key of %s", (_, from, to, at, message) => {
    const { content, path, text } = brokenContent("site.json", from, to);
    expect(() => loadSiteSettings(content, {})).toThrow(`${path}:${lineOf(text, at)}: ${message}`);
  });

  it("refuses a misspelt setting, naming it rather than the setting it leaves missing", () => {
    const { content, path, text } = brokenContent("site.json", '"pageSize": 50', '"pageSise": 50');
    expect(() => loadSiteSettings(content, {})).toThrow(
      `${path}:${lineOf(text, '"pageSise"')}: pageSise: expected no such key (the keys are title, description,`,
    );
    const nested = brokenContent("site.json", '"ttl": 720', '"ttl": 720, "tll": 60');
    expect(() => loadSiteSettings(nested.content, {})).toThrow(
      `${nested.path}:${lineOf(nested.text, '"tll"')}: feed.tll: expected no such key (the keys are items, topicItems, ttl), found 60`,
    );
  });

  it("stops the Eleventy build with that line, and no stack trace", () => {
    const { content, path, text } = brokenContent("site.json", '"issuePageSize": 100', '"issuePageSize": -1');
    const stderr = buildErrors(content);
    expect(stderr).toContain(`${relative(ROOT, path)}:${lineOf(text, '"issuePageSize"')}: issuePageSize: expected a number above 0, found -1 (via InputError)`);
    expect(stderr).not.toMatch(/^\s*\[11ty\]\s+at /m);
  }, 60_000);
});

describe("content/_data/taxonomy.json", () => {
  it("loads as committed, with its learned profiles", () => {
    const taxonomy = loadTaxonomy(join(ROOT, "content"));
    expect(taxonomy.topics.length).toBe((JSON.parse(readFileSync(join(ROOT, "content", "_data", "taxonomy.json"), "utf8")) as unknown[]).length);
    expect(taxonomy.profiles?.slugs.length).toBeGreaterThan(0);
  });

  /** The index of the first topic for which `has` holds, in the broken copy. */
  const topicIndex = (text: string, has: (topic: Record<string, unknown>) => boolean) => (JSON.parse(text) as Record<string, unknown>[]).findIndex(has);

  it("names the topic, line and key of a share out of range", () => {
    const { content, path, text } = brokenContent("_data/taxonomy.json", '"secondary": 0.75', '"secondary": 2');
    const i = topicIndex(text, (t) => t.secondary === 2);
    expect(() => loadTaxonomy(content)).toThrow(
      `${path}:${lineOf(text, '"secondary": 2')}: topics[${i}].secondary: expected a share above 0 and at most 1, found 2`,
    );
  });

  it("refuses a misspelt key", () => {
    const { content, path, text } = brokenContent("_data/taxonomy.json", '"secondary": 0.75', '"secundary": 0.75');
    const i = topicIndex(text, (t) => "secundary" in t);
    expect(() => loadTaxonomy(content)).toThrow(
      `${path}:${lineOf(text, '"secundary"')}: topics[${i}].secundary: expected no such key (the keys are slug, name,`,
    );
  });

  it.each([
    [
      "a phrase's weight",
      '"alignment^1.5"',
      '"alignment^high"',
      (t: Record<string, unknown>) => (t.phrases as string[]).includes("alignment^high"),
      "phrases[0]",
    ],
    ["a category", '"cs.RO"', '"cs_RO"', (t: Record<string, unknown>) => (t.categories as string[] | undefined)?.includes("cs_RO") ?? false, "categories[0]"],
    ["a slug", '"slug": "robotics"', '"slug": "Robotics"', (t: Record<string, unknown>) => t.slug === "Robotics", "slug"],
  ])("names the entry of a bad value in a list: %s", (_, from, to, has, key) => {
    const { content, path, text } = brokenContent("_data/taxonomy.json", from, to);
    const found = to.replace(/^"slug": /, "");
    expect(() => loadTaxonomy(content)).toThrow(`${path}:${lineOf(text, to)}: topics[${topicIndex(text, has)}].${key}: expected `);
    expect(() => loadTaxonomy(content)).toThrow(`, found ${found}`);
  });

  it("names the line of a rule between topics: a broader topic that is none, a slug listed twice", () => {
    const broader = brokenContent("_data/taxonomy.json", '"broader": "reinforcement-learning"', '"broader": "nowhere"');
    expect(() => loadTaxonomy(broader.content)).toThrow(
      `${broader.path}:${lineOf(broader.text, '"nowhere"')}: topic "offline-rl": "broader" must name another topic, not "nowhere"`,
    );
    const twice = brokenContent("_data/taxonomy.json", '"slug": "robotics"', '"slug": "privacy-security"');
    const second = twice.text.slice(0, twice.text.lastIndexOf('"slug": "privacy-security"')).split("\n").length;
    expect(() => loadTaxonomy(twice.content)).toThrow(`${twice.path}:${second}: topic slug "privacy-security" is listed twice`);
  });

  it("names the line where a file stops being JSON", () => {
    const { content, path, text } = brokenContent("_data/taxonomy.json", '"name": "Alignment & oversight",', '"name": "Alignment & oversight"');
    expect(() => loadTaxonomy(content)).toThrow(new RegExp(`^${path}:${lineOf(text, '"name": "Alignment & oversight"') + 1}: expected JSON: `));
  });

  it("stops the Eleventy build with that line, and no stack trace", () => {
    const { content, path, text } = brokenContent("_data/taxonomy.json", '"secondary": 0.75', '"secondary": 2');
    const stderr = buildErrors(content);
    const i = topicIndex(text, (t) => t.secondary === 2);
    expect(stderr).toContain(
      `${relative(ROOT, path)}:${lineOf(text, '"secondary": 2')}: topics[${i}].secondary: expected a share above 0 and at most 1, found 2 (via InputError)`,
    );
    expect(stderr).not.toMatch(/^\s*\[11ty\]\s+at /m);
  }, 60_000);
});

describe("content/topic-profiles.json", () => {
  it("names the line and key of a weight below 0, and of a profile whose name is no slug", () => {
    const weight = brokenContent("topic-profiles.json", /"abil": [\d.]+/, '"abil": -1');
    expect(() => loadTaxonomy(weight.content)).toThrow(`${weight.path}:${lineOf(weight.text, '"abil": -1')}: idf.abil: expected a number, 0 or more, found -1`);
    const slug = brokenContent("topic-profiles.json", '"agents-tools": {', '"Agents tools": {');
    expect(() => loadTaxonomy(slug.content)).toThrow(
      `${slug.path}:${lineOf(slug.text, '"Agents tools"')}: topics.Agents tools: expected lower-case ASCII words joined by hyphens, found "Agents tools"`,
    );
  });
});

describe("the check sets", () => {
  it.each(CHECK_SETS)("%s loads as committed", (name) => {
    expect(readCheckSetFile(join(FIXTURES, name))).toEqual(JSON.parse(readFileSync(join(FIXTURES, name), "utf8")));
  });

  it("names the paper and line of a tuning-set paper with no topic", () => {
    const { path, text } = brokenFixture("topic-check-set.json", /"expect": \[[^\]]*\]/, '"expect": []');
    expect(() => readCheckSetFile(path)).toThrow(`${path}:${lineOf(text, '"expect": []')}: papers[0].expect: expected a topic, found []`);
  });

  it("names a paper whose area is not among the areas, and a near pair's group that no area has", () => {
    const area = brokenFixture("topics-dev.json", '"area": "alignment-safety"', '"area": "alignment"');
    const i = (JSON.parse(area.text) as { papers: { area: string }[] }).papers.findIndex((p) => p.area === "alignment");
    expect(() => readCheckSetFile(area.path)).toThrow(
      `${area.path}:${lineOf(area.text, '"alignment"')}: papers[${i}].area: expected the slug of one of the areas, found "alignment"`,
    );
    const near = brokenFixture("topics-held-out.json", /"graphs",\n/, '"graph",\n');
    expect(() => readCheckSetFile(near.path)).toThrow(
      `${near.path}:${lineOf(near.text, '"graph",')}: near[2][0]: expected the group of one of the areas, found "graph"`,
    );
  });

  it("refuses a misspelt key", () => {
    const { path, text } = brokenFixture("topics-held-out-2.json", '"crossCuttingTopics"', '"crossCutting"');
    expect(() => readCheckSetFile(path)).toThrow(`${path}:${lineOf(text, '"crossCutting"')}: crossCutting: expected no such key (the keys are note, near,`);
  });
});

describe("test/fixtures/out-of-ml-labels.json", () => {
  it("loads as committed", () => {
    const file = JSON.parse(readFileSync(join(FIXTURES, "out-of-ml-labels.json"), "utf8")) as { papers: { arxivId: string; ml: boolean | null }[] };
    expect(readOutOfMlLabels(join(FIXTURES, "out-of-ml-labels.json"))).toEqual(new Map(file.papers.map((p) => [p.arxivId, p.ml])));
  });

  it("names the paper, line and key of an arXiv id with its version, and of a label that is no yes or no", () => {
    const id = brokenFixture("out-of-ml-labels.json", /"arxivId": "([\d.]+)"/, '"arxivId": "$1v2"');
    const versioned = /"arxivId": "([\d.]+v2)"/.exec(id.text)![1];
    expect(() => readOutOfMlLabels(id.path)).toThrow(
      `${id.path}:${lineOf(id.text, versioned)}: papers[0].arxivId: expected an arXiv id such as 2501.00656, without its version, found "${versioned}"`,
    );
    const ml = brokenFixture("out-of-ml-labels.json", /"ml": (true|false)/, '"ml": "yes"');
    expect(() => readOutOfMlLabels(ml.path)).toThrow(`${ml.path}:${lineOf(ml.text, '"ml": "yes"')}: papers[0].ml: expected boolean, found "yes"`);
  });
});
