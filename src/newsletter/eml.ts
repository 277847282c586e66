import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { NewsletterSettings } from "../store/settings.ts";
import type { Newsletter } from "./model.ts";

/** What tells one copy of an issue from another: its addressee, date, Message-ID, MIME boundaries and extra headers. */
export interface MessageFields {
  to: string | { name: string; address: string };
  date: Date;
  /** `<…@host>` */
  messageId: string;
  /** The base of the MIME boundaries, so that one message composes to the same bytes every time. */
  boundary: string;
  /** Extra header fields; a `prepared` value goes out as written (the caller has encoded it). */
  headers: Record<string, string | { prepared: true; value: string }>;
}

/**
 * A newsletter as a complete RFC 5322 message (multipart/alternative, text first), built by nodemailer's MIME
 * composer, which encodes non-ASCII and hostile header text (a line break in a name or subject cannot start a header of
 * its own).
 */
export async function composeMessage(newsletter: Newsletter, from: string, html: string, text: string, fields: MessageFields): Promise<Buffer> {
  const mail = new MailComposer({
    from,
    to: fields.to,
    subject: newsletter.subject,
    date: fields.date,
    messageId: fields.messageId,
    baseBoundary: fields.boundary,
    text,
    html,
    textEncoding: "quoted-printable",
    headers: fields.headers,
  });
  return mail.compile().build();
}

/**
 * The exported issue's message: Date and Message-ID come from the issue and config, so two exports of one issue are
 * byte-identical.
 */
export async function buildEml(newsletter: Newsletter, settings: NewsletterSettings, html: string, text: string, siteHost: string): Promise<Buffer> {
  const identity = createHash("sha256").update(`${newsletter.date}\n${newsletter.subject}`).digest("hex").slice(0, 16);
  const headers: Record<string, string> = {};
  if (settings.listUnsubscribe) {
    const url = new URL(settings.listUnsubscribe); // throws on a malformed URL; .href is percent-encoded
    if (!["https:", "mailto:"].includes(url.protocol)) throw new Error(`newsletter.listUnsubscribe must be an https: or mailto: URL, not ${url.protocol}`);
    headers["List-Unsubscribe"] = `<${url.href}>`;
    // One-click unsubscribe (RFC 8058) needs an https URL.
    if (url.protocol === "https:") headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return composeMessage(newsletter, settings.from, html, text, {
    to: settings.to,
    date: new Date(`${newsletter.date}T${settings.sendTime}:00Z`),
    messageId: `<digest-${newsletter.date}-${identity}@${siteHost}>`,
    boundary: identity,
    headers,
  });
}
