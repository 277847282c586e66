import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";

interface Step {
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  strategy?: { matrix?: unknown };
  steps: Step[];
}

const workflow = yaml.load(readFileSync(join(ROOT, ".github/workflows/pages.yml"), "utf8")) as { jobs: Record<string, Job> };
const { jobs } = workflow;
const needs = (job: Job) => [job.needs ?? []].flat();
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));

describe("the Pages workflow", () => {
  it("plans, then builds either once or as a matrix of shards and an assembly, then deploys what was built", () => {
    expect(needs(jobs.plan)).toEqual(["fetch"]);
    expect(jobs.plan.outputs).toEqual({
      sharded: "${{ steps.route.outputs.sharded }}",
      large: "${{ steps.plan.outputs.large }}",
      matrix: "${{ steps.plan.outputs.matrix }}",
      "site-key": "${{ steps.plan.outputs.site-key }}",
      sha: "${{ steps.commit.outputs.sha }}",
    });
    // What the plan decided holds for the commit it read: the jobs after it build that one.
    expect(jobs.plan.steps.find((step) => step.id === "commit")?.run).toBe('echo "sha=$(git rev-parse HEAD)" >> "$GITHUB_OUTPUT"');
    for (const job of [jobs.build, jobs.shard, jobs.assemble])
      expect(job.steps[0]).toEqual({ uses: "actions/checkout@v4", with: { ref: "${{ needs.plan.outputs.sha }}" } });
    expect(runs(jobs.plan)).toContain('npm run --silent shards -- plan --github >> "$GITHUB_OUTPUT"');

    expect(needs(jobs.build)).toEqual(["plan"]);
    expect(jobs.build.if).toContain("needs.plan.outputs.sharded == 'false'");
    expect(needs(jobs.shard)).toEqual(["plan"]);
    expect(jobs.shard.if).toContain("needs.plan.outputs.sharded == 'true'");
    expect(jobs.shard.strategy?.matrix).toBe("${{ fromJSON(needs.plan.outputs.matrix) }}");
    expect(needs(jobs.assemble)).toEqual(["plan", "shard"]);
    expect(needs(jobs.deploy).sort()).toEqual(["assemble", "build"]);
    expect(jobs.deploy.if).toContain("needs.build.result == 'success' || needs.assemble.result == 'success'");
  });

  it("shards only a large archive's build that would lay out every page: one with no site laid out with the same code cached", () => {
    const steps = jobs.plan.steps;
    const at = (id: string) => steps.findIndex((step) => step.id === id);
    // The site's address is in the code the pages are laid out with: the plan sees the build's.
    expect(steps[at("plan")].env).toEqual(jobs.build.steps.find((step) => step.run === "npm run build")!.env);
    expect(at("pages")).toBeLessThan(at("plan"));
    // The assembled site is cached under the key the single build restores, with the same paths (a cache's version is
    // its paths), and looked up, not downloaded, by the plan.
    const siteCache = { path: "_site\n.cache/render-plan\n", key: "${{ needs.plan.outputs.site-key }}-${{ github.run_id }}" };
    expect(jobs.build.steps.find((step) => step.with?.path === siteCache.path)).toMatchObject({
      uses: "actions/cache@v4",
      with: { ...siteCache, "restore-keys": "${{ needs.plan.outputs.site-key }}-", "fail-on-cache-miss": "${{ needs.plan.outputs.large == 'true' }}" },
    });
    const assembly = jobs.assemble.steps.findIndex((step) => step.run?.includes("shards -- assemble"));
    expect(jobs.assemble.steps.slice(assembly)).toContainEqual({ uses: "actions/cache/save@v4", with: siteCache });
    expect(steps[at("site")]).toMatchObject({
      uses: "actions/cache/restore@v4",
      if: "steps.plan.outputs.large == 'true'",
      with: {
        "lookup-only": true,
        path: siteCache.path,
        key: "${{ steps.plan.outputs.site-key }}-${{ github.run_id }}",
        "restore-keys": "${{ steps.plan.outputs.site-key }}-",
      },
    });
    expect(at("site")).toBeGreaterThan(at("plan"));
    expect(steps[at("route")].run).toBe(
      `echo "sharded=\${{ steps.plan.outputs.large == 'true' && steps.site.outputs.cache-matched-key == '' }}" >> "$GITHUB_OUTPUT"`,
    );
    // The plan's ingest, for the shard jobs, runs only for a sharded build.
    for (const step of steps.filter((step) => step.run === "npm run ingest")) expect(step.if).toBe("steps.route.outputs.sharded == 'true'");
  });

  it("gives every ingest the memo of the page stages and the parse cache of the pages, as the last run left them", () => {
    const ingests = Object.entries(jobs).filter(([, job]) => runs(job).includes("npm run ingest"));
    expect(ingests.map(([name]) => name).sort()).toEqual(["fetch", "plan"]);
    for (const [, job] of ingests) {
      const ingest = job.steps.findIndex((step) => step.run === "npm run ingest");
      expect(ingest).toBeGreaterThan(0);
      const before = job.steps.slice(0, ingest);
      const restored = (path: string) => before.find((step) => step.uses?.startsWith("actions/cache") && step.with?.path === path)?.with;
      expect(restored(".cache/ingest")).toMatchObject({ "restore-keys": "ingest-memo-" });
      expect(restored(".cache/page-parse")).toMatchObject({ "restore-keys": "page-parse-" });
    }
    // The build restores the newest parse cache and saves its own under a key of its own.
    const build = jobs.build.steps.find((step) => step.with?.path === ".cache/page-parse")!;
    expect(build).toMatchObject({ uses: "actions/cache@v4", with: { key: "page-parse-${{ github.run_id }}", "restore-keys": "page-parse-" } });
    expect(jobs.fetch.steps.find((step) => step.with?.path === ".cache/page-parse")?.with?.key).not.toBe(build.with!.key);
  });

  it("runs the commands npm run build:shards runs, and hands each shard's folder to the assembly", () => {
    // scripts/build-shards.ts: `npm run --silent shards -- build <shard> --out <work>/<name>`, then `… assemble --from <work>`.
    expect(runs(jobs.shard)).toContain("npm run shards -- build ${{ matrix.shard }} --out shards/${{ matrix.name }}");
    const upload = jobs.shard.steps.find((step) => step.uses === "actions/upload-artifact@v4");
    expect(upload?.with).toMatchObject({ name: "shard-${{ matrix.name }}", path: "shards/${{ matrix.name }}" });
    const download = jobs.assemble.steps.find((step) => step.uses === "actions/download-artifact@v4");
    expect(download?.with).toEqual({ pattern: "shard-*", path: "shards" });
    expect(runs(jobs.assemble)).toContain("npm run shards -- assemble --from shards --site _site");
    expect(jobs.assemble.steps.at(-1)).toMatchObject({ uses: "actions/upload-pages-artifact@v3", with: { path: "_site" } });
    // The shard jobs build from the plan job's ingest, not their own.
    expect(jobs.shard.steps.find((step) => step.uses === "actions/download-artifact@v4")?.with).toEqual({ name: "ingest", path: "content" });
    expect(runs(jobs.shard).some((run) => run.includes("ingest"))).toBe(false);
  });
});
