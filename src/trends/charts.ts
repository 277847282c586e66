import { scaleLinear } from "d3-scale";
import { area, line } from "d3-shape";
import { escapeHtml } from "../text/html.ts";

/**
 * Charts drawn at build time as inline SVG: d3-scale maps shares to coordinates, d3-shape
 * writes the paths (https://d3js.org/d3-shape). No script runs in the browser; colours come
 * from the stylesheet (site.css, `.trend-chart`, `.sparkline`), so the light and dark themes
 * both apply. Every chart carries its own text alternative.
 */

/** A week's share, or undefined for a week without papers (drawn as a gap, not a zero). */
type Share = number | undefined;
type Point = [week: number, share: Share];

const isDrawn = (p: Point) => p[1] !== undefined;

/**
 * A week with a share but no week with one either side. d3-shape's line() draws only runs of two
 * or more defined points (a lone one becomes an invisible "Mx,yZ"), and after a week without papers
 * the lone week is often the newest: exactly the one a reader looks for.
 */
const isLone = (shares: Share[], week: number) => shares[week] !== undefined && shares[week - 1] === undefined && shares[week + 1] === undefined;

function scales(shares: Share[], width: number, height: number, margin: number) {
  const peak = Math.max(0, ...shares.filter((s): s is number => s !== undefined));
  return {
    x: scaleLinear()
      .domain([0, Math.max(1, shares.length - 1)])
      .range([margin, width - margin]),
    // A topic that never had a paper stays on the baseline rather than dividing by zero.
    y: scaleLinear()
      .domain([0, peak || 1])
      .range([height - margin, margin]),
  };
}

const CHART_WIDTH = 300;
const CHART_HEIGHT = 60;

/**
 * A topic's weekly share as a filled line, stretched to the width of its box (the stroke keeps
 * its width: `vector-effect` in site.css), its y axis from 0 to the topic's own peak.
 * `id` must be unique on the page: it names the title and description.
 */
export function shareChart(shares: Share[], { id, title, description }: { id: string; title: string; description: string }): string {
  const { x, y } = scales(shares, CHART_WIDTH, CHART_HEIGHT, 1);
  // A lone week is drawn as a flat step half a week either side of it (within the chart), so its line and area show;
  // a circle would not do here, as preserveAspectRatio="none" stretches it.
  const end = Math.max(1, shares.length - 1);
  const points = shares.flatMap((share, week): Point[] =>
    isLone(shares, week)
      ? [
          [Math.max(0, week - 0.5), share],
          [Math.min(end, week + 0.5), share],
        ]
      : [[week, share]],
  );
  const fill = area<Point>()
    .defined(isDrawn)
    .x((p) => x(p[0]))
    .y0(y(0))
    .y1((p) => y(p[1]!))
    .digits(1)(points);
  const stroke = line<Point>()
    .defined(isDrawn)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]!))
    .digits(1)(points);
  return [
    `<svg class="trend-chart" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" preserveAspectRatio="none" role="img" aria-labelledby="${id}-title ${id}-desc">`,
    `<title id="${id}-title">${escapeHtml(title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    fill ? `<path class="area" d="${fill}"/>` : "",
    stroke ? `<path class="line" d="${stroke}"/>` : "",
    "</svg>",
  ].join("");
}

const SPARK_WIDTH = 120;
const SPARK_HEIGHT = 24;

/** A small line of a topic's weekly share, a dot on the latest week and a smaller one on any lone week; `label` is its text alternative. */
export function sparkline(shares: Share[], label: string): string {
  const { x, y } = scales(shares, SPARK_WIDTH, SPARK_HEIGHT, 2.5);
  const points = shares.map((share, week): Point => [week, share]);
  const stroke = line<Point>()
    .defined(isDrawn)
    .x((p) => x(p[0]))
    .y((p) => y(p[1]!))
    .digits(1)(points);
  const last = points.filter(isDrawn).at(-1);
  const dot = ([week, share]: Point, r: number) => `<circle cx="${x(week).toFixed(1)}" cy="${y(share!).toFixed(1)}" r="${r}"/>`;
  return [
    `<svg class="sparkline" width="${SPARK_WIDTH}" height="${SPARK_HEIGHT}" viewBox="0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}" role="img" aria-label="${escapeHtml(label)}">`,
    stroke ? `<path d="${stroke}"/>` : "",
    ...points.filter((p) => p !== last && isLone(shares, p[0])).map((p) => dot(p, 1.5)),
    last ? dot(last, 2) : "",
    "</svg>",
  ].join("");
}
