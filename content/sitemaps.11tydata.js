// The sitemap lists Eleventy's pages and every page in papers/, which Eleventy does not see
// (content/papers/paper.njk lays them out), so the listings shard lists papers it does not write.
// https://www.11ty.dev/docs/pagination/#the-before-callback
export default {
  pagination: {
    before: (pages, data) => [...pages, ...data.collections.paperFiles],
  },
};
