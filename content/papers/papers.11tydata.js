// Every paper page: the paper layout, at /papers/<slug>/, described by its one-line summary.
export default {
  layout: "paper.njk",
  tags: ["paper"],
  eleventyComputed: {
    permalink: (data) => `/papers/${data.page.fileSlug}/`,
    description: (data) => data.summary,
  },
};
