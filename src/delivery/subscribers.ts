import { readFileSync } from "node:fs";
import type { Topic } from "../analysis/topics.ts";
import { authorSlug } from "../model/authors.ts";
import { foldForMatching, type Interests } from "../model/follow.ts";
import { wordEdits } from "../model/identity.ts";
import { InputError } from "../platform/input-error.ts";
import { parseCsv } from "./csv.ts";

/**
 * The subscriber file: CSV with the header `email,name,topics,authors,keywords` (the last three `;`-separated lists;
 * empty follows everything). A bad row is reported with its line and skipped, so one typo does not hold up everyone
 * else's issue; a file that cannot be read as a subscriber list at all stops the send.
 */

export const COLUMNS = ["email", "name", "topics", "authors", "keywords"] as const;

export interface Subscriber {
  /** The line of the file the row starts on. */
  line: number;
  /** The address as written. */
  email: string;
  /** The address as the send log and the Message-ID know it: lower case, so a row's spelling does not make it someone new. */
  key: string;
  name: string;
  /** Topic slugs, author page slugs and keyword phrases (src/model/follow.ts). */
  interests: Interests;
  /** The followed authors as written, for the email's words. */
  authorNames: string[];
}

export interface SubscriberList {
  subscribers: Subscriber[];
  /** Rows skipped, each an InputError naming the file, the line and what is wrong. */
  problems: InputError[];
}

/**
 * An address a mail server takes in an envelope (RFC 5321) and no header can be injected with: ASCII, one `@`, a
 * dot-atom local part and a domain of DNS labels. Quoted local parts and address literals are refused; internationalised
 * addresses need SMTPUTF8, which not every server speaks.
 */
const ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

export function isAddress(text: string): boolean {
  return text.length <= 254 && ADDRESS.test(text) && text.indexOf("@") <= 64;
}

/** Control characters (line breaks among them) and the Unicode line and paragraph separators: none belongs in a name or phrase. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

/** Reads and checks the subscriber file against the taxonomy's topics. */
export function readSubscribers(file: string, topics: readonly Topic[]): SubscriberList {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read the subscriber file ${file}: ${(error as Error).message}`, { cause: error });
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new InputError(file, 1, `expected a header line: ${COLUMNS.join(",")}`);
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const unknown = names.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  if (unknown.length || !names.includes("email") || new Set(names).size !== names.length) {
    throw new InputError(
      file,
      header.line,
      `expected the header ${COLUMNS.join(",")} (email required, the others optional, in any order), found ${JSON.stringify(header.fields.join(","))}`,
    );
  }

  const slugs = new Set(topics.map((t) => t.slug));
  const subscribers: Subscriber[] = [];
  const problems: InputError[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const problem = (reason: string) => problems.push(new InputError(file, row.line, `${reason}; row skipped`));
    if (row.problem) {
      problem(row.problem);
      continue;
    }
    if (row.fields.length > names.length) {
      problem(`${row.fields.length} fields, but the header names ${names.length}`);
      continue;
    }
    const field = (name: (typeof COLUMNS)[number]) => {
      const index = names.indexOf(name);
      return index < 0 ? "" : (row.fields[index] ?? "").trim();
    };
    const list = (name: (typeof COLUMNS)[number]) =>
      field(name)
        .split(";")
        .map((item) => item.trim())
        .filter(Boolean);

    const email = field("email");
    const name = field("name");
    const wanted = list("topics");
    const authorNames = list("authors");
    const keywords = list("keywords");
    const key = email.toLowerCase();
    if (!email) {
      problem("email: missing");
      continue;
    }
    if (!isAddress(email)) {
      problem(`email: ${JSON.stringify(email)} is not an email address`);
      continue;
    }
    const controlled = (["name", "authors", "keywords"] as const).find((column) => CONTROL.test(field(column)));
    if (controlled) {
      problem(`${controlled}: has a line break or another control character`);
      continue;
    }
    if (name.length > 200) {
      problem("name: longer than 200 characters");
      continue;
    }
    const unknownTopics = wanted.filter((slug) => !slugs.has(slug));
    if (unknownTopics.length) {
      const meant = unknownTopics.map((slug) => nearestTopic(slug, topics)).filter((slug) => slug !== undefined);
      problem(
        `topics: ${unknownTopics.map((t) => JSON.stringify(t)).join(", ")} ${unknownTopics.length > 1 ? "are not topics" : "is not a topic"} of the taxonomy` +
          (meant.length ? `; did you mean ${meant.map((t) => JSON.stringify(t)).join(", ")}?` : ""),
      );
      continue;
    }
    const empty = keywords.find((phrase) => !foldForMatching(phrase).trim());
    if (empty !== undefined) {
      problem(`keywords: ${JSON.stringify(empty)} has no letter or digit to match`);
      continue;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(`email: ${email} is already on line ${earlier}`);
      continue;
    }
    seen.set(key, row.line);
    subscribers.push({
      line: row.line,
      email,
      key,
      name,
      interests: { topics: wanted, authors: authorNames.map(authorSlug), keywords },
      authorNames,
    });
  }
  return { subscribers, problems };
}

/** The topic a slip most likely meant: a slug within three edits, else the topic whose name it is. */
function nearestTopic(written: string, topics: readonly Topic[]): string | undefined {
  const lower = written.toLowerCase();
  const byName = topics.find((t) => t.name.toLowerCase() === lower || t.slug === lower);
  if (byName) return byName.slug;
  return topics
    .map((topic) => ({ slug: topic.slug, edits: wordEdits([...lower], [...topic.slug], 3) }))
    .filter((t) => t.edits <= 3)
    .sort((a, b) => a.edits - b.edits)[0]?.slug;
}
