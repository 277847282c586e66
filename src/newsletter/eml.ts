import { createHash } from "node:crypto";
import MailComposer from "nodemailer/lib/mail-composer/index.js";
import type { NewsletterSettings } from "../archive/settings.ts";
import type { Newsletter } from "./model.ts";

/**
 * The newsletter as a complete RFC 5322 message (multipart/alternative, text first), built
 * by nodemailer's MIME composer, which encodes non-ASCII and hostile header text. Date,
 * Message-ID and MIME boundaries come from the issue and config, so two exports of one
 * issue are byte-identical.
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
  const mail = new MailComposer({
    from: settings.from,
    to: settings.to,
    subject: newsletter.subject,
    date: new Date(`${newsletter.date}T${settings.sendTime}:00Z`),
    messageId: `<digest-${newsletter.date}-${identity}@${siteHost}>`,
    baseBoundary: identity,
    text,
    html,
    textEncoding: "quoted-printable",
    headers,
  });
  return mail.compile().build();
}
