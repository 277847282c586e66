// Every paper page: the paper layout, at /papers/<slug>/, described by its one-line summary,
// with schema.org data for search engines and citation managers.
export default {
  layout: "paper.njk",
  tags: ["paper"],
  eleventyComputed: {
    permalink: (data) => `/papers/${data.page.fileSlug}/`,
    description: (data) => data.summary,
    // https://schema.org/ScholarlyArticle
    jsonld: (data) => data.id && ({
      "@context": "https://schema.org",
      "@type": "ScholarlyArticle",
      headline: data.title,
      name: data.title,
      description: data.summary,
      datePublished: String(data.date).slice(0, 10),
      keywords: data.keywords,
      about: data.topics,
      url: new URL(data.page.url.slice(1), data.site.url.replace(/\/?$/, "/")).href,
      isPartOf: { "@type": "WebSite", name: data.site.title, url: data.site.url },
    }),
  },
};
