// Every paper page: the paper layout, at /papers/<slug>/, described by its one-line summary,
// with schema.org data for search engines and citation managers.
// (Imported as #src/…, package.json "imports", so a content folder copied elsewhere in the project finds them too.)
import { derived } from "#src/site/content-dir.ts";
import { checkPaperPageData } from "#src/site/page-schema.ts";
import { arxivAbsUrl } from "#src/sources/arxiv-id.ts";
import { absoluteUrl, paperUrl } from "#src/site/urls.ts";

export default {
  layout: "paper.njk",
  tags: ["paper"],
  // A page the ingest wrote is checked against its schema before anything is built.
  eleventyDataSchema: checkPaperPageData,
  eleventyComputed: {
    permalink: (data) => paperUrl(data.page.fileSlug),
    description: (data) => data.summary,
    // https://schema.org/ScholarlyArticle
    jsonld: (data) => data.id && ({
      "@context": "https://schema.org",
      "@type": "ScholarlyArticle",
      headline: data.title,
      name: data.title,
      description: data.summary,
      datePublished: String(data.date).slice(0, 10),
      keywords: derived[data.slug]?.keywords,
      about: data.topics,
      url: absoluteUrl(data.page.url, data.site.url),
      isPartOf: { "@type": "WebSite", name: data.site.title, url: data.site.url },
      ...(data.authors?.length && { author: data.authors.map((name) => ({ "@type": "Person", name })) }),
      ...(data.arxiv_id && { sameAs: arxivAbsUrl(data.arxiv_id), identifier: `arXiv:${data.arxiv_id}` }),
    }),
  },
};
