// An author's feed (feed.xml.njk): its URL computed in JavaScript, not rendered as a Nunjucks permalink for each of
// hundreds of feeds. https://www.11ty.dev/docs/permalinks/
export default {
  permalink: (data) => data.feed.url,
};
