// Each paper's URL, computed in JavaScript: as a Nunjucks permalink it would be a template to
// render for every one of the archive's pages. https://www.11ty.dev/docs/permalinks/
export default {
  permalink: (data) => data.paper.url,
};
