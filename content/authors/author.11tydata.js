// An author's pages (author.njk). Title and description are computed in JavaScript, not in a
// Nunjucks string, so a name such as "O'Neil" is escaped once, by the layout.
import { paperCount } from "#src/text/numbers.ts";

export default {
  // Each page's URL, computed in JavaScript rather than rendered as a Nunjucks permalink for each page.
  permalink: (data) => data.author.pageUrl,
  eleventyComputed: {
    title: (data) => `${data.author.name}${data.author.pageNumber > 1 ? ` (page ${data.author.pageNumber})` : ""}`,
    description: (data) => `${paperCount(data.author.count)} by ${data.author.name} in ${data.site.title}.`,
    // Their feed, offered in the page's <head> (templates/layouts/base.njk).
    ownFeed: (data) => ({ title: data.author.name, path: data.author.feedUrl }),
  },
};
