import { createHash, randomUUID } from "node:crypto";
import addressparser from "nodemailer/lib/addressparser/index.js";
import { encodeWord, isPlainText, quoteString } from "nodemailer/lib/mime-funcs/index.js";
import type { SiteSettings } from "../store/settings.ts";
import { composeMessage } from "../newsletter/eml.ts";
import { fitNewsletter, type LoadedIssue } from "../newsletter/export.ts";
import type { Newsletter } from "../newsletter/model.ts";
import { renderText } from "../newsletter/render.ts";
import { escapeHtml } from "../text/html.ts";
import type { Subscriber } from "./subscribers.ts";
import { isAddress } from "./subscribers.ts";
import { unsubscribeLinks } from "./unsubscribe.ts";

/** What every message of a send shares: who it is from, the list it belongs to, how a reader leaves it. */
export interface Letterhead {
  /** The From header as configured. */
  from: string;
  /** The From address alone: the envelope's sender. */
  sender: string;
  /** The site's host: the right-hand side of every Message-ID. */
  host: string;
  /** The List-Id header, encoded. */
  listId: string;
  /** Where a `mailto:` unsubscribe writes to. */
  mailbox: string;
  /** The https unsubscribe URL template, "" for none, and the secret its tokens are made with. */
  template: string;
  secret: string;
}

/** The letterhead from site.json's `newsletter` settings; an unsubscribe URL template needs `secret`. */
export function letterhead(site: SiteSettings, secret = ""): Letterhead {
  const settings = site.newsletter;
  const [from] = addressparser(settings.from, { flatten: true });
  if (!from || !isAddress(from.address)) throw new Error(`newsletter.from in site.json must name one sender address, found ${JSON.stringify(settings.from)}`);
  const host = new URL(site.url).hostname;
  const delivery = settings.delivery;
  if (delivery.unsubscribeUrl && secret.length < 16) {
    throw new Error("newsletter.delivery.unsubscribeUrl needs UNSUBSCRIBE_SECRET in the environment: at least 16 characters, kept private");
  }
  // RFC 2919: a phrase, then the list's identifier in angle brackets; a phrase outside ASCII is an encoded word.
  const phrase = isPlainText(site.title) ? quoteString(site.title) : encodeWord(site.title, "Q", 52);
  return {
    from: settings.from,
    sender: from.address,
    host,
    listId: `${phrase} <${delivery.listId || `newsletter.${host}`}>`,
    mailbox: delivery.unsubscribeMailto || from.address,
    template: delivery.unsubscribeUrl,
    secret,
  };
}

/**
 * One Message-ID per issue and subscriber, whatever the run: a copy sent twice (after a crash, or a retry whose first
 * attempt did arrive) is the same message to every client that folds duplicates.
 */
export function messageIdFor(issueDate: string, key: string, host: string): string {
  return `<digest-${issueDate}-${createHash("sha256").update(`${issueDate}\n${key}`).digest("hex").slice(0, 24)}@${host}>`;
}

export interface Letter {
  subscriber: Subscriber;
  messageId: string;
  subject: string;
  /** Papers in this subscriber's issue (shown or linked). */
  papers: number;
  /** The complete message, as the server receives it (before any DKIM signature). */
  bytes: Buffer;
}

/** A rendered issue for one filter: its HTML and text with a placeholder where each reader's unsubscribe link goes. */
interface Rendered {
  newsletter: Newsletter;
  html: string;
  text: string;
}

/** Rendered issues kept for the filters seen last: many subscribers share a filter, and each render inlines CSS anew. */
const RENDERS_KEPT = 256;

/**
 * Each subscriber's message for one issue: the issue filtered to what they follow, by the newsletter's own model and
 * templates (src/newsletter/), with their own unsubscribe link in the footer and headers.
 */
export class IssueLetters {
  /** A placeholder no paper's text can hold: it is new each run. */
  private readonly placeholder = `https://unsubscribe.invalid/${randomUUID()}`;
  private readonly rendered = new Map<string, Rendered | null>();

  constructor(
    private readonly loaded: LoadedIssue,
    private readonly head: Letterhead,
  ) {}

  /** The subscriber's message, or undefined when nothing in the issue matches what they follow. */
  async letterFor(subscriber: Subscriber, date: Date): Promise<Letter | undefined> {
    const rendered = this.render(subscriber);
    if (!rendered) return undefined;
    const links = unsubscribeLinks(subscriber.email, this.head.mailbox, this.head.template, this.head.secret);
    const link = links.https || links.mailto;
    const html = fill(rendered.html, this.placeholder, escapeHtml(link));
    const text = fill(rendered.text, this.placeholder, link);
    const messageId = messageIdFor(this.loaded.issue.date, subscriber.key, this.head.host);
    const headers: Record<string, { prepared: true; value: string }> = {
      "List-Id": { prepared: true, value: this.head.listId },
      "List-Unsubscribe": {
        prepared: true,
        value: [links.https, links.mailto]
          .filter(Boolean)
          .map((url) => `<${url}>`)
          .join(", "),
      },
    };
    // One-click unsubscribe (RFC 8058) is a POST to an https URL; a mailto: cannot take one.
    if (links.https) headers["List-Unsubscribe-Post"] = { prepared: true, value: "List-Unsubscribe=One-Click" };
    const bytes = await composeMessage(rendered.newsletter, this.head.from, html, text, {
      to: { name: subscriber.name, address: subscriber.email },
      date,
      messageId,
      boundary: messageId.slice(8, 40),
      headers,
    });
    return { subscriber, messageId, subject: rendered.newsletter.subject, papers: rendered.newsletter.total, bytes };
  }

  private render(subscriber: Subscriber): Rendered | null {
    const { interests, authorNames } = subscriber;
    const key = JSON.stringify([interests.topics, interests.authors, interests.keywords, authorNames]);
    let rendered = this.rendered.get(key);
    if (rendered === undefined) {
      const { site, taxonomy, issue, rising } = this.loaded;
      const { newsletter, html } = fitNewsletter(issue, site, taxonomy, { interests, authorNames, rising, unsubscribe: this.placeholder, juiceCache: false });
      rendered = newsletter.total ? { newsletter, html, text: renderText(newsletter) } : null;
      if (this.rendered.size >= RENDERS_KEPT) this.rendered.delete(this.rendered.keys().next().value!);
      this.rendered.set(key, rendered);
    }
    return rendered;
  }
}

/** `text` with every placeholder replaced; the templates always write the unsubscribe link, so none found is a bug. */
function fill(text: string, placeholder: string, value: string): string {
  if (!text.includes(placeholder)) throw new Error("the newsletter template wrote no unsubscribe link");
  return text.replaceAll(placeholder, value);
}
