// /feed.xml: the newest papers of the whole digest, RSS 2.0.
import { buildRss } from "../src/feeds/rss.ts";
import { topicName, isoDay } from "../src/site/filters.ts";

export const data = {
  permalink: "/feed.xml",
  eleventyExcludeFromCollections: true,
  eleventyImport: { collections: ["papers"] },
};

export function render({ site, collections }) {
  const papers = collections.papers.slice(0, site.feed.items).map((item) => ({
    title: item.data.title,
    url: item.url,
    date: isoDay(item.data.issues[0]),
    summary: item.data.summary,
    html: item.templateContent,
    categories: item.data.topics.map(topicName),
  }));
  return buildRss(
    { title: site.title, description: site.description, siteUrl: site.url, feedPath: "/feed.xml", language: site.language, ttl: site.feed.ttl },
    papers,
  );
}
