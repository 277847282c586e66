import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A subscriber's own way out: a `mailto:` that names their address, and, where the curator configures a URL template,
 * an https link carrying an HMAC of the address, so the page or service behind it can tell a real request from someone
 * unsubscribing a stranger without keeping a table of tokens. docs/newsletter.md shows how to verify one.
 */

/** The address as a token is made from: trimmed, lower case. */
export function tokenAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** HMAC-SHA256 of the lower-case address under `secret`, base64url without padding (43 characters). */
export function unsubscribeToken(secret: string, address: string): string {
  return createHmac("sha256", secret).update(tokenAddress(address), "utf8").digest("base64url");
}

/** Whether `token` is the address's token under `secret`, compared in constant time. */
export function verifyUnsubscribeToken(secret: string, address: string, token: string): boolean {
  const expected = Buffer.from(unsubscribeToken(secret, address));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface UnsubscribeLinks {
  mailto: string;
  /** "" without a URL template. */
  https: string;
}

/** The links for one address. `template` holds `{email}` and `{token}`, each replaced percent-encoded. */
export function unsubscribeLinks(address: string, mailbox: string, template: string, secret: string): UnsubscribeLinks {
  const mailto = `mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${address}`)}`;
  if (!template) return { mailto, https: "" };
  const url = new URL(template.replaceAll("{email}", encodeURIComponent(address)).replaceAll("{token}", unsubscribeToken(secret, address)));
  // The template was checked when site.json was read; this holds however the address fills it.
  if (url.protocol !== "https:") throw new Error(`the unsubscribe URL must be https, not ${url.protocol}`);
  return { mailto, https: url.href };
}
