import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { ingest } from "../../src/ingest/ingest.ts";
import { loadIssue } from "../../src/newsletter/export.ts";
import type { PaperRecord } from "../../src/newsletter/model.ts";
import { unescapeAll } from "../../src/text/html.ts";
import { sampleWithSources, tempContent, tempDir } from "../helpers.ts";

/** The sample archive (three days, authors from the arXiv and Hugging Face fixtures), ingested; the issue of 2025-03-17. */
export const ISSUE = "2025-03-17";

export interface Row {
  email: string;
  name?: string;
  topics?: string[];
  authors?: string[];
  keywords?: string[];
}

/**
 * A content folder of the sample, every paper of an issue fitting in one email (so a subscriber's email lists all
 * their papers), and the site settings `edit` makes.
 */
export function sampleContent(edit: (site: { newsletter: Record<string, unknown> }) => void = () => {}): string {
  const content = tempContent(sampleWithSources());
  ingest({ contentDir: content });
  const file = join(content, "site.json");
  const site = JSON.parse(readFileSync(file, "utf8"));
  site.newsletter.maxHtmlBytes = 1_000_000;
  edit(site);
  writeFileSync(file, JSON.stringify(site, null, 2));
  return content;
}

/** A subscriber file of these rows, in a throwaway folder; returns its path. */
export function writeSubscribers(rows: Row[], header = "email,name,topics,authors,keywords"): string {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = rows.map((r) =>
    [r.email, r.name ?? "", (r.topics ?? []).join(";"), (r.authors ?? []).join(";"), (r.keywords ?? []).join(";")].map(quote).join(","),
  );
  const file = join(tempDir("subscribers-"), "subscribers.csv");
  writeFileSync(file, `${header}\n${lines.join("\n")}\n`);
  return file;
}

/** The issue's papers as the pages hold them. */
export function issuePapers(content: string): PaperRecord[] {
  return loadIssue(content, ISSUE).issue.papers;
}

/**
 * The titles a row should receive, by a rule written here apart from src/model/follow.ts: a paper in one of the
 * topics, by one of the authors (names taken from the papers, so spelt alike), or with one of the keywords as whole
 * words of its title, summary or abstract (case, accents and punctuation aside); everything for a row that follows
 * nothing.
 */
export function expectedTitles(papers: PaperRecord[], row: Row): string[] {
  const topics = row.topics ?? [];
  const authors = row.authors ?? [];
  const keywords = row.keywords ?? [];
  if (!topics.length && !authors.length && !keywords.length) return papers.map((p) => p.title);
  return papers
    .filter(
      (p) =>
        p.topics.some((t) => topics.includes(t)) ||
        (p.authors ?? []).some((a) => authors.includes(a)) ||
        keywords.some((k) => words(`${p.title} ${p.summary} ${p.abstract ?? ""}`).includes(words(k))),
    )
    .map((p) => p.title);
}

/** Text as a run of lower-case words between spaces. */
const words = (text: string) =>
  ` ${text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ")} `;

/** The paper titles an HTML email lists (each in a `td.title` link). */
export function titlesIn(html: string): string[] {
  return [...html.matchAll(/<td class="title"[^>]*><a [^>]*>([^<]*)<\/a>/g)].map((m) => unescapeAll(m[1]));
}

export async function parse(raw: Buffer): Promise<ParsedMail> {
  return simpleParser(raw);
}

/** A header exactly as the message carries it (unfolded), not as a parser interprets it. */
export function rawHeader(raw: Buffer, name: string): string | undefined {
  const head = raw
    .toString("latin1")
    .split("\r\n\r\n")[0]
    .replace(/\r\n[ \t]+/g, " ");
  return head
    .split("\r\n")
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim();
}
