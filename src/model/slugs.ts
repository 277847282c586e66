import slugify from "@sindresorhus/slugify";
import { z } from "zod";

const MAX_SLUG_LENGTH = 80;
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A slug as pages, topics and URLs use it, for the zod schemas of pages and config files. */
export const slugSchema = z.string().regex(SLUG_PATTERN, { error: "expected lower-case ASCII words joined by hyphens" });

/** An ASCII, path-safe slug for a title, cut at a word boundary. */
export function baseSlug(title: string): string {
  let slug = slugify(title, { decamelize: false });
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.slice(0, MAX_SLUG_LENGTH + 1);
    slug = cut.slice(0, cut.lastIndexOf("-") > 0 ? cut.lastIndexOf("-") : MAX_SLUG_LENGTH);
  }
  slug = slug.replace(/^-+|-+$/g, "");
  return SLUG_PATTERN.test(slug) ? slug : "paper";
}
