/** Issue dates are calendar days (YYYY-MM-DD); all formatting treats them as UTC midnight. */

export function issueDate(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** "17 March 2025" */
export function readableDate(iso: string): string {
  return issueDate(iso).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

/** "Mon, 17 Mar 2025 00:00:00 GMT", as RSS 2.0 wants (RFC 822). */
export function rfc822Date(iso: string): string {
  return issueDate(iso).toUTCString();
}
