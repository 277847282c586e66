// A topic's pages (topic.njk). Title and description are computed in JavaScript, not in a Nunjucks string,
// so a name such as "Alignment & oversight" is escaped once, by the layout.
export default {
  eleventyComputed: {
    title: ({ topic }) => `${topic.name}${topic.pageNumber ? ` (page ${topic.pageNumber})` : ""}`,
    description: ({ topic }) => topic.description,
  },
};
