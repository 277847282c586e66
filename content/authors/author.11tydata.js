// An author's pages (author.njk). Title and description are computed in JavaScript, not in a
// Nunjucks string, so a name such as "O'Neil" is escaped once, by the layout.
import { paperCount } from "#src/text/numbers.ts";

export default {
  // Each page's URL, computed in JavaScript rather than rendered as a Nunjucks permalink for each page.
  permalink: (data) => data.author.pageUrl,
  eleventyComputed: {
    title: (data) => `${data.author.name}${data.author.pageNumber ? ` (page ${data.author.pageNumber})` : ""}`,
    // A numbered page says which of the author's papers it holds, not how many there are now: that would change it every time they publish.
    description: ({ author, site }) =>
      author.pageNumber
        ? `Papers ${author.first}–${author.last} by ${author.name} in ${site.title}, counted from the oldest.`
        : `${paperCount(author.count)} by ${author.name} in ${site.title}.`,
    // Their feed, offered in the page's <head> (templates/layouts/base.njk).
    ownFeed: (data) => ({ title: data.author.name, path: data.author.feedUrl }),
  },
};
