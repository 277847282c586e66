import nunjucks from "nunjucks";
import { describe, expect, it } from "vitest";
import { cacheNunjucksCompiles, nunjucksCompileStats } from "../../src/render/nunjucks-compiles.ts";

describe("cacheNunjucksCompiles", () => {
  cacheNunjucksCompiles();
  const render = (env: nunjucks.Environment, text: string, path: string, data: object) => new nunjucks.Template(text, env, path, false).render(data);

  it("compiles a template's text once per path and environment, and renders each page with its own data", () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    env.addFilter("shout", (text: string) => `${text}!`);
    const page = "{% block head %}<h1>{{ title | shout }}</h1>{% endblock %}{% for x in items %}<i>{{ x }}</i>{% endfor %}";
    const before = { ...nunjucksCompileStats };
    expect(render(env, page, "page.njk", { title: "A", items: [1, 2] })).toBe("<h1>A!</h1><i>1</i><i>2</i>");
    expect(render(env, page, "page.njk", { title: "<B>", items: [] })).toBe("<h1>&lt;B&gt;!</h1>");
    expect(render(env, page, "page.njk", { title: "C", items: [3] })).toBe("<h1>C!</h1><i>3</i>");
    expect(nunjucksCompileStats.compiled - before.compiled).toBe(1);
    expect(nunjucksCompileStats.reused - before.reused).toBe(2);
  });

  it("compiles anew for other text, another path or another environment (an edit, a new build's environment)", () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    const before = { ...nunjucksCompileStats };
    expect(render(env, "one {{ x }}", "a.njk", { x: 1 })).toBe("one 1");
    expect(render(env, "two {{ x }}", "a.njk", { x: 1 })).toBe("two 1");
    expect(render(env, "one {{ x }}", "b.njk", { x: 2 })).toBe("one 2");
    // Compile options belong to the environment: the same text compiled with autoescape off writes markup as it is.
    expect(render(new nunjucks.Environment(null, { autoescape: false }), "one {{ x }}", "a.njk", { x: "<b>" })).toBe("one <b>");
    expect(nunjucksCompileStats.compiled - before.compiled).toBe(4);
    expect(nunjucksCompileStats.reused - before.reused).toBe(0);
  });
});
