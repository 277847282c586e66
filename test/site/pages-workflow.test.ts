import { readFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
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
    expect(jobs.plan.outputs).toEqual({ sharded: "${{ steps.plan.outputs.sharded }}", matrix: "${{ steps.plan.outputs.matrix }}" });
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
