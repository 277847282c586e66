// The sitemap lists Eleventy's own pages and every listing and paper page, from the archive model
// (collections.sitemapExtras): a build lays out only the pages that change (src/site/render-plan.ts), and the listings
// shard lists papers it does not write. https://www.11ty.dev/docs/pagination/#the-before-callback
export default {
  pagination: {
    before: (pages, data) => [...pages, ...data.collections.sitemapExtras],
  },
};
