/**
 * npm run bench -- [--days 200] [--per 50] [--repeat 3] [--authors] [--only ingest]
 * How a realistic archive — many daily digests — builds, stage by stage, against a plain Eleventy
 * site (a one-line layout over the same Markdown pages) plus Pagefind, measured in this one run:
 * wall time and peak memory of each stage (of its largest process, and of its whole process tree at
 * one moment), the ratio to the baseline, and how many files in content/ adding one more day rewrites.
 * The archive is generated with a fixed seed from the sample's sentences, with rarer words mixed in so
 * its vocabulary grows as a real one's does, and a few papers listed again on later days. Without
 * --authors each day is a trending-papers text file and the papers have no authors; with --authors it
 * is Hugging Face's daily-papers JSON with the same titles and abstracts, arXiv ids, submission dates
 * and authors as real listings carry them (about 7 a paper, a long tail to 60; most people appear once,
 * a few hundred often). Absolute times depend on the machine; the ratios are the result: the site and
 * the baseline are built --repeat times, alternately, and each pair's ratio reported with their median.
 * The cold build is a fresh clone's `npm run build` (first ingest, Eleventy, the search index with no
 * parts kept), so each one starts with none of the caches the project keeps in .cache (the pages' parse cache, juice's,
 * the reader's scripts: set aside, as caches may be at any time) but what the first ingest left in them, and with a
 * temporary folder of its own (tsx keeps the TypeScript it compiled in one); the daily update adds one day and runs the ingest, Eleventy into the cold build's `_site` with
 * its record (`.cache/render-plan/`), and the search index with its `.cache/search-parts`, as the Pages workflow does. --only ingest stops after the ingest
 * (for 100,000 papers).
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, linkSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { splitSentences } from "../src/analysis/summary.ts";
import { authorSlug } from "../src/model/authors.ts";
import { readDigest } from "../src/sources/index.ts";
import { seededRandom } from "../src/platform/random.ts";
import { JUICE_CACHE } from "../src/newsletter/render.ts";
import { READER_SCRIPTS_CACHE } from "../src/recommend/bundle.ts";
import { PARSE_CACHE } from "../src/store/parse-cache.ts";

const { values } = parseArgs({
  options: {
    days: { type: "string", default: "20" },
    per: { type: "string", default: "50" },
    repeat: { type: "string", default: "3" },
    authors: { type: "boolean", default: false },
    only: { type: "string" },
  },
});
const DAYS = Number(values.days);
const PER = Number(values.per);
const REPEAT = Math.max(1, Number(values.repeat));
const AUTHORS = values.authors!;
const ROOT = process.cwd();
const NODE_FLAGS = ["--import", "tsx", "--max-old-space-size=12288"];
/** As `npm run ingest` and `npm run build:site` run the ingest and Eleventy: a larger young generation, since most of what they allocate dies young. */
const YOUNG_GENERATION = "--max-semi-space-size=64";
const ELEVENTY_FLAGS = [...NODE_FLAGS, YOUNG_GENERATION];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
const loadAtStart = load();

const sample = readDigest(join("content", "digests", "2025-03-17.txt")).papers;
const sentences = sample.flatMap((p) => splitSentences(p.abstractRaw));
const titleWords = sample.flatMap((p) => p.titleRaw.split(/\s+/));

const rand = seededRandom(20250317);
const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
const rareTerm = () => `zq${Math.floor(200_000 * rand() ** 3).toString(36)}`; // Zipf-like: small ids are common

interface Paper {
  title: string;
  abstract: string;
  /** With --authors: the arXiv id, the day it was submitted (YYYY-MM-DD), its authors and upvotes. */
  listing?: { id: string; published: string; authors: string[]; upvotes: number };
}

function syntheticPaper(): Paper {
  const title =
    Array.from({ length: 6 + Math.floor(rand() * 6) }, () => pick(titleWords))
      .join(" ")
      .replace(/[.!]$/, "") + ` ${rareTerm()}`;
  const body = Array.from({ length: 8 }, () => pick(sentences).replace(/\b[a-z]{4,}\b/g, (w) => (rand() < 0.33 ? rareTerm() : w))).join(" ");
  return { title, abstract: `${body} We study ${Array.from({ length: 6 }, rareTerm).join(" ")}.` };
}

// Authors (--authors) come from a generator of their own, so the papers' titles and abstracts are the same with and without.
const FIRST_NAMES = [
  ...["Wei", "Jing", "Hao", "Xin", "Yang", "Jie", "Lei", "Tao", "Ming", "Jun", "Yan", "Lin", "Hui", "Qiang", "Yifan", "Zhiyuan", "Haoran"],
  ...["Yiming", "Xiaoyu", "Zihan", "Jiaqi", "Ruoxi", "Shuai", "Tianyi", "Yuxuan", "Zhen", "Bo", "Kai", "Peng", "Rui", "Feng", "Xiang", "Yue"],
  ...["Ziyi", "Junyi", "Siyu", "Mengdi", "Qian", "Min-jun", "Seo-yeon", "Ji-ho", "Hyun", "Sung-min", "Takeshi", "Yuki", "Haruto", "Kenji"],
  ...["Sakura", "Daisuke", "Akira", "Naoki", "Ryō", "Aditya", "Ananya", "Arjun", "Priya", "Rahul", "Sanjay", "Vikram", "Kavya", "Rohan"],
  ...["Deepak", "Sneha", "Aishwarya", "Karthik", "Nikhil", "Shreya", "Pooja", "Abhishek", "Siddharth", "Ishaan", "Meera", "James", "Michael"],
  ...["David", "Sarah", "Emily", "Daniel", "Laura", "Thomas", "Anna", "Maria", "Julia", "Lucas", "Matteo", "Sofia", "Elena", "Pierre"],
  ...["Céline", "François", "Hélène", "Jérôme", "Zoë", "Chloé", "Agnès", "Benoît", "André", "José", "Raúl", "Inés", "Álvaro", "Sebastián"],
  ...["María", "Lucía", "Jürgen", "Björn", "Sören", "Jörg", "Søren", "Åsa", "Maja", "Łukasz", "Paweł", "Małgorzata", "Krzysztof", "Tomáš"],
  ...["Jiří", "Ivan", "Olga", "Dmitry", "Sergey", "Natalia", "Alexei", "Mikhail", "Irina", "Yusuf", "Emre", "Zeynep", "Ayşe", "Mehmet"],
  ...["Omar", "Fatima", "Ahmed", "Layla", "Noor", "Hassan", "Amir", "Reza", "Parisa", "Minh", "Thảo", "Quang", "Anh", "Linh", "Chinedu"],
  ...["Ngozi", "Kwame", "Amara", "Thabo", "Oluwaseun", "Gabriel", "João", "Gonçalo", "Sílvia", "Beatriz", "Ricardo", "Camila", "Mateo"],
  ...["Valentina", "Diego", "Carlos", "Ana", "Isabel", "Luca", "Giulia", "Francesca", "Alessandro", "Lorenzo", "Chiara", "Niccolò", "Hans"],
  ...["Klaus", "Stefan", "Katrin", "Lena", "Felix", "Moritz", "Jonas", "Henrik", "Erik", "Ingrid", "Lars", "Sven", "Oskar", "Emma", "Olivia"],
  ...["Noah", "Liam", "Ethan", "Benjamin", "Samuel", "Jacob", "Rebecca", "Hannah", "Rachel", "Kevin", "Brian", "Jason", "Andrew", "Jennifer"],
  ...["Christopher", "Jessica", "Ryan", "Tyler", "Nicholas", "Alexander", "Victoria", "Grace", "Max", "Ali", "Sara", "Leila", "Nadia"],
];
const LAST_NAMES = [
  ...["Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao"],
  ...["Luo", "Zheng", "Liang", "Xie", "Song", "Tang", "Han", "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan"],
  ...["Cai", "Jiang", "Yu", "Du", "Ye", "Cheng", "Wei", "Su", "Lü", "Ding", "Ren", "Shen", "Yao", "Lu", "Cui", "Zhong", "Tan", "Kim", "Lee"],
  ...["Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Tanaka", "Suzuki", "Takahashi", "Watanabe", "Itō", "Yamamoto"],
  ...["Nakamura", "Kobayashi", "Saitō", "Katō", "Sharma", "Patel", "Gupta", "Singh", "Kumar", "Reddy", "Iyer", "Nair", "Rao", "Mehta"],
  ...["Chatterjee", "Banerjee", "Mukherjee", "Agarwal", "Joshi", "Menon", "Krishnan", "Srinivasan", "Subramanian", "Verma", "Nguyen"],
  ...["Trần", "Lê", "Phạm", "Hoàng", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor"],
  ...["Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright"],
  ...["Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker"],
  ...["Evans", "Edwards", "Collins", "Stewart", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson", "Reed", "Bailey", "Bell"],
  ...["Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "Hughes", "Price", "Sanders", "Myers"],
  ...["Ross", "Foster", "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer"],
  ...["Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hartmann", "Lange"],
  ...["Köhler", "Jäger", "Martínez", "García", "Rodríguez", "González", "Hernández", "López", "Pérez", "Sánchez", "Ramírez", "Torres"],
  ...["Flores", "Rivera", "Gómez", "Díaz", "Morales", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Álvarez", "Castillo", "Jiménez"],
  ...["Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Castro", "Fernández", "Silva", "Santos", "Oliveira", "Souza", "Costa"],
  ...["Pereira", "Carvalho", "Gonçalves", "Araújo", "Ribeiro", "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo"],
  ...["Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Giordano", "Bernard", "Dubois", "Petit", "Durand"],
  ...["Leroy", "Moreau", "Laurent", "Lefèvre", "Bertrand", "Roux", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine"],
  ...["Rousseau", "Mercier", "Guérin", "Faure", "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"],
  ...["Woźniak", "Dąbrowski", "Novák", "Svoboda", "Dvořák", "Černý", "Procházka", "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Volkov"],
  ...["Sokolov", "Lebedev", "Kozlov", "Novikov", "Morozov", "Petrov", "Pavlov", "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson"],
  ...["Larsson", "Olsen", "Hansen", "Jensen", "Nielsen", "Pedersen", "Jørgensen", "Sørensen", "Virtanen", "Korhonen", "Mäkinen", "Yılmaz"],
  ...["Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Hosseini", "Ahmadi", "Mohammadi"],
  ...["Rezaei", "Karimi", "Moradi", "Hussain", "Khan", "Rahman", "Haddad", "Mansour", "Okafor", "Okonkwo", "Adeyemi", "Mensah", "Osei"],
  ...["Boateng", "Cohen", "Levi", "Friedman", "Katz", "Goldberg", "Shapiro", "Rosen", "O'Brien", "O'Connor", "McCarthy", "van der Berg"],
  ...["de Vries", "van Dijk", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Jong"],
];
const authorRand = seededRandom(20260508);
/** A normal deviate (Box–Muller). */
const gauss = () => Math.sqrt(-2 * Math.log(1 - authorRand())) * Math.cos(2 * Math.PI * authorRand());
/** Every name handed out so far, by its author page's slug, so a fresh name is a new person on the site too. */
const takenSlugs = new Set<string>();
function freshName(): string {
  for (let attempt = 0; ; attempt++) {
    const first = FIRST_NAMES[Math.floor(authorRand() * FIRST_NAMES.length)];
    const last = LAST_NAMES[Math.floor(authorRand() * LAST_NAMES.length)];
    // First and last names alone give about 60,000 people; a middle initial (a third of them, or once those run short) 27 times as many.
    const middle = attempt > 2 || authorRand() < 0.33 ? ` ${String.fromCharCode(65 + Math.floor(authorRand() * 26))}.` : "";
    const name = `${first}${middle} ${last}`;
    const slug = authorSlug(name);
    if (!takenSlugs.has(slug)) {
      takenSlugs.add(slug);
      return name;
    }
  }
}
/** A few hundred prolific people, the k-th chosen with weight 1/(k + 10) (Zipf–Mandelbrot) for about one author slot in four. */
const PROLIFIC = Array.from({ length: 400 }, freshName);
const PROLIFIC_SHARE = 0.25;
const prolificCumulative: number[] = [];
PROLIFIC.forEach((_, k) => prolificCumulative.push((prolificCumulative.at(-1) ?? 0) + 1 / (k + 11)));
function prolificName(): string {
  const target = authorRand() * prolificCumulative.at(-1)!;
  let lo = 0;
  let hi = PROLIFIC.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prolificCumulative[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return PROLIFIC[lo];
}
/** How many authors a paper has: log-normal around 4.5 (up to 19), and one paper in 25 a large team of 20–60. */
const authorCount = () => (authorRand() < 0.04 ? 20 + Math.floor(authorRand() * 41) : Math.min(19, Math.max(1, Math.round(4.5 * Math.exp(0.65 * gauss())))));
/** Everyone met so far outside the prolific few: about one slot in ten is one of them again, picked at random (a co-author's second or third paper). */
const met: string[] = [];
const RETURNING_SHARE = 0.1;
function authorsOfAPaper(): string[] {
  const names = new Set<string>();
  const slugs = new Set<string>();
  for (let n = authorCount(); names.size < n;) {
    const draw = authorRand();
    const name =
      draw < PROLIFIC_SHARE
        ? prolificName()
        : draw < PROLIFIC_SHARE + RETURNING_SHARE && met.length
          ? met[Math.floor(authorRand() * met.length)]
          : met[met.push(freshName()) - 1];
    const slug = authorSlug(name);
    if (slugs.has(slug)) continue;
    slugs.add(slug);
    names.add(name);
  }
  return [...names];
}
/** arXiv's running numbers, per month of submission. */
const arxivNumbers = new Map<string, number>();
function withListing(paper: Paper, issue: Date): Paper {
  const published = new Date(issue.getTime() - (1 + Math.floor(authorRand() * 3)) * 86_400_000).toISOString().slice(0, 10);
  const month = `${published.slice(2, 4)}${published.slice(5, 7)}`;
  const number = (arxivNumbers.get(month) ?? 0) + 1 + Math.floor(authorRand() * 20); // other papers are submitted in between
  arxivNumbers.set(month, number);
  const upvotes = Math.floor(Math.exp(3 * authorRand()));
  return { ...paper, listing: { id: `${month}.${String(number).padStart(5, "0")}`, published, authors: authorsOfAPaper(), upvotes } };
}

let authorIds = 0;
/** One day's papers as Hugging Face's /api/daily_papers gives them (the fields src/sources/hf-daily.ts reads, and a few it does not). */
function dailyPapersJson(papers: Paper[], issue: string): string {
  const entries = papers.map(({ title, abstract, listing }) => {
    const { id, published, authors, upvotes } = listing!;
    const paper = {
      id,
      authors: authors.map((name) => ({ _id: (++authorIds).toString(16).padStart(24, "0"), name, hidden: false })),
      publishedAt: `${published}T00:00:00.000Z`,
      submittedOnDailyAt: `${issue}T08:00:00.000Z`,
      title,
      summary: abstract,
      upvotes,
      discussionId: createHash("sha1").update(id).digest("hex").slice(0, 24),
    };
    return { paper, publishedAt: paper.publishedAt, title, numComments: 0, isAuthorParticipating: false };
  });
  return `${JSON.stringify(entries)}\n`;
}

/** Day `d` of the archive: `per` papers, a few of them listed again from the day before. */
function digest(d: number, previous: Paper[]): { name: string; text: string; papers: Paper[] } {
  const date = new Date(Date.UTC(2024, 0, 1 + d));
  const iso = date.toISOString().slice(0, 10);
  const papers = Array.from({ length: PER }, (_, i) => (i % 20 === 19 && previous.length ? previous[i % previous.length] : syntheticPaper()));
  if (AUTHORS) {
    const withListings = papers.map((p) => (p.listing ? p : withListing(p, date)));
    return { name: `${iso}-hf.json`, text: dailyPapersJson(withListings, iso), papers: withListings };
  }
  const line = date.toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
  return { name: `${iso}.txt`, text: [line, ...papers.flatMap((p) => [p.title, p.abstract])].join("\n\n") + "\n", papers };
}

interface Measure {
  seconds: number;
  /** Peak resident memory (VmHWM) of the largest single process of the stage, MB; NaN where /proc is missing. */
  peakMb: number;
  /** The most the stage's process tree held at one moment (its processes' VmRSS summed, sampled every 50 ms), MB. */
  treeMb: number;
  output: string;
}

/** Each process's peak resident set ("VmHWM", kB) in a process tree, from /proc; returns what the tree holds now (VmRSS, kB). */
function sampleTree(pid: number, peaks: Map<number, number>): number {
  let resident = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    if (hwm) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, Number(hwm[1])));
    resident += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    // A child started from any thread is listed under that thread.
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim();
      for (const child of children ? children.split(/\s+/) : []) resident += sampleTree(Number(child), peaks);
    }
  } catch {
    // The process ended between two looks.
  }
  return resident;
}

/** Runs a command to its end; its wall time and peak memory. A failure stops the benchmark with its output. */
function run(command: string, args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Measure> {
  return new Promise((done, fail) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const peaks = new Map<number, number>();
    let treeKb = 0;
    const poll = setInterval(() => (treeKb = Math.max(treeKb, sampleTree(child.pid!, peaks))), 50);
    child.on("close", (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return fail(new Error(`${command} ${args.join(" ")} failed (${code}):\n${output.slice(-3000)}`));
      const proc = existsSync("/proc/self/status");
      done({ seconds, peakMb: proc ? Math.max(0, ...peaks.values()) / 1024 : NaN, treeMb: proc ? treeKb / 1024 : NaN, output });
    });
  });
}

/** Stages run one after another: their times add up, their peaks do not. */
const combined = (...measures: Measure[]): Measure => ({
  seconds: measures.reduce((sum, m) => sum + m.seconds, 0),
  peakMb: Math.max(...measures.map((m) => m.peakMb)),
  treeMb: Math.max(...measures.map((m) => m.treeMb)),
  output: "",
});

/** Every file under a folder with a fingerprint of its bytes, to count what a step rewrote. */
function fingerprints(dir: string): Map<string, string> {
  const prints = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) prints.set(name, createHash("sha1").update(readFileSync(path)).digest("hex"));
  }
  return prints;
}

/**
 * A copy of a built site as the Pages workflow's cache restores one (tar in the POSIX format): every file's
 * modification time kept to the nanosecond, by which the search index knows a page it has already read
 * (src/site/search-index.ts). Node's `cpSync` keeps them to the millisecond only, and the search index then reads
 * every page again: at 100,000 papers, 8 s more of a day's build.
 */
function copySite(from: string, to: string): void {
  // Into a folder that is there, cp would copy into it, and the day would be built on no site at all.
  if (existsSync(to)) throw new Error(`cannot copy the site to ${to}: it is there already`);
  const copy = spawnSync("cp", ["-a", from, to], { stdio: "inherit" });
  if (copy.status !== 0) {
    throw new Error(`cp -a ${from} ${to} failed (${copy.error?.message ?? (copy.signal ? `signal ${copy.signal}` : `exit status ${copy.status}`)})`);
  }
}

/** A copy of a folder as hard links (a search part's files cost no copying). */
function linkTree(from: string, to: string): void {
  for (const name of readdirSync(from, { recursive: true }) as string[]) {
    if (!statSync(join(from, name)).isFile()) continue;
    mkdirSync(dirname(join(to, name)), { recursive: true });
    linkSync(join(from, name), join(to, name));
  }
}

const rows: [stage: string, measure: Measure, note: string][] = [];
const record = (stage: string, measure: Measure, note = "") => {
  rows.push([stage, measure, note]);
  console.error(`${stage}: ${measure.seconds.toFixed(1)} s${note ? ` (${note})` : ""}`);
};

/** The run of median wall time (an odd count gives the middle one). */
function median(measures: Measure[]): Measure {
  return [...measures].sort((a, b) => a.seconds - b.seconds)[Math.floor(measures.length / 2)];
}

/**
 * Folders of a previous build are moved aside and deleted once everything is measured: for a minute after
 * 100,000 files are deleted, writing as many again took 3–5 times as long on this machine's ext4 disk.
 */
const TRASH = resolve(".cache", "bench-trash");
let setAsideCount = 0;
function setAside(dir: string): void {
  if (!existsSync(dir)) return;
  mkdirSync(TRASH, { recursive: true });
  renameSync(dir, join(TRASH, `${process.pid}-${setAsideCount++}`));
}

// A scratch project inside this one (git-ignored): authors/author.11tydata.js imports #src/… through package.json.
const work = resolve(".cache", "bench", `${DAYS}x${PER}${AUTHORS ? "-authors" : ""}`);
setAside(work);
const content = join(work, "content");
// A new archive: no pages, digests, generated index or list of author pages (the ingest starts one).
cpSync("content", content, {
  recursive: true,
  filter: (src) => !/[/\\](papers[/\\].+\.md|digests[/\\].+|derived\.json|last-ingest\.json|author-pages\.txt)$/.test(src),
});
mkdirSync(join(content, "digests"), { recursive: true });
let previous: Paper[] = [];
const archive = new Map<string, Paper>(); // with --authors: each paper once, by arXiv id
for (let d = 0; d < DAYS; d++) {
  const day = digest(d, previous);
  writeFileSync(join(content, "digests", day.name), day.text);
  for (const paper of day.papers) if (paper.listing) archive.set(paper.listing.id, paper);
  previous = day.papers;
}
const extraDay = digest(DAYS, previous);
const total = DAYS * PER;
console.error(
  `An archive of ${DAYS} daily digests × ${PER} papers (${total.toLocaleString("en")} listings) in ${relative(ROOT, work)}; load average ${loadAtStart}`,
);

/** With --authors: who wrote the archive's papers, counted per author page (a name up to case and accents). */
let authorSummary = "";
if (AUTHORS) {
  const papersOf = new Map<string, number>();
  const counts = [...archive.values()].map((p) => p.listing!.authors.length).sort((a, b) => a - b);
  for (const paper of archive.values()) for (const name of paper.listing!.authors) papersOf.set(authorSlug(name), (papersOf.get(authorSlug(name)) ?? 0) + 1);
  const atLeast = (n: number) => [...papersOf.values()].filter((c) => c >= n).length;
  const slots = counts.reduce((a, b) => a + b, 0);
  const fmt = (n: number) => n.toLocaleString("en");
  authorSummary =
    `Authors: ${fmt(archive.size)} distinct papers, ${fmt(slots)} author slots, ${(slots / archive.size).toFixed(1)} a paper ` +
    `(median ${counts[Math.floor(counts.length / 2)]}, 90th percentile ${counts[Math.floor(counts.length * 0.9)]}, ${fmt(counts.filter((c) => c >= 20).length)} papers with 20–60); ` +
    `${fmt(papersOf.size)} distinct authors, ${fmt(atLeast(2))} with ≥ 2 papers, ${fmt(atLeast(5))} with ≥ 5, the most prolific ${fmt([...papersOf.values()].reduce((a, b) => Math.max(a, b), 0))}`;
  console.error(authorSummary);
}
// The generated archive goes to disk before anything is timed, so its writing is not counted in the first ingest.
spawnSync("sync");

// As `npm run ingest` runs it (Node's default heap, a larger young generation: some 2 s less of a day at 100,000 papers, and 0.05–0.15 GB more at its peak); Eleventy, as `npm run build:site` does, with a larger heap too.
const ingest = (env: Record<string, string> = {}) =>
  run(process.execPath, ["--import", "tsx", YOUNG_GENERATION, "scripts/ingest.ts", "--content", relative(ROOT, content), "--quiet"], { env });
/** The caches the project's builds keep in its .cache besides the render plan, none of which a fresh clone has. */
const PROJECT_CACHES = [PARSE_CACHE, JUICE_CACHE, READER_SCRIPTS_CACHE];
for (const cache of PROJECT_CACHES) setAside(cache);
/** An empty temporary folder for a fresh clone's processes, as on a fresh machine: tsx caches what it compiles in the temporary folder. */
let temporaryFolders = 0;
const freshTemporaryFolder = (): Record<string, string> => {
  const dir = join(work, "tmp", String(temporaryFolders++));
  mkdirSync(dir, { recursive: true });
  return { TMPDIR: dir };
};
const first = await ingest(freshTemporaryFolder());
// What the first ingest left in the parse cache (the pages it wrote, src/store/write.ts), for each fresh clone's build to start from.
const parsedByIngest = join(work, "parse-cache-after-ingest");
if (existsSync(PARSE_CACHE)) cpSync(PARSE_CACHE, parsedByIngest, { recursive: true });
record("ingest, first run", first);
const noop = await ingest();
record("ingest, nothing changed", noop);

/** Adds the extra day and runs the ingest, counting what it rewrote in content/. */
async function addDay(): Promise<Measure> {
  const before = fingerprints(content);
  writeFileSync(join(content, "digests", extraDay.name), extraDay.text);
  const measure = await ingest();
  const after = fingerprints(content);
  const changed = [...after].filter(([name, print]) => before.get(name) !== print && !name.startsWith("digests/"));
  const newPages = changed.filter(([name]) => !before.has(name)).length;
  const generated = changed.filter(([name]) => name === "derived.json" || name === "last-ingest.json").length;
  const rewritten = changed.length - newPages - generated;
  record(`ingest, +1 day of ${PER}`, measure, `${newPages} new pages, ${rewritten} other committed files rewritten, ${generated} generated files`);
  return measure;
}

let topOfBuild = "";
if (values.only === "ingest") await addDay();
else {
  // The baseline: the same Markdown pages, a one-line layout, Eleventy's defaults, then Pagefind.
  const plain = join(work, "plain");
  mkdirSync(join(plain, "_includes"), { recursive: true });
  const plainPages = () => {
    setAside(join(plain, "papers"));
    mkdirSync(join(plain, "papers"), { recursive: true });
    for (const name of readdirSync(join(content, "papers")).filter((n) => n.endsWith(".md")))
      cpSync(join(content, "papers", name), join(plain, "papers", name));
    writeFileSync(join(plain, "papers", "papers.json"), JSON.stringify({ layout: "plain.njk" }));
  };
  writeFileSync(join(plain, "_includes", "plain.njk"), '<!doctype html><html lang="en"><title>{{ title }}</title><main>{{ content | safe }}</main></html>\n');
  writeFileSync(join(plain, "eleventy.config.mjs"), "export default { markdownTemplateEngine: false };\n");

  const out = join(work, "_site");
  // `npm run build:search` keeps finished parts in its working directory's .cache/search-parts: the benchmark's own, here.
  const parts = join(work, ".cache", "search-parts");
  const coldParts = join(work, ".cache", "search-parts-cold");
  // What the last build into `out` laid out (src/site/render-plan.ts keeps it in .cache/render-plan/, by the folder's path).
  const renderPlan = join(ROOT, ".cache", "render-plan", `${createHash("sha256").update(resolve(out)).digest("hex").slice(0, 16)}.json`);
  const coldSite = join(work, "_site-cold");
  const coldPlan = join(work, "render-plan-cold.json");
  /** A build from scratch: no site, no record of one. */
  const fresh = () => {
    setAside(out);
    rmSync(renderPlan, { force: true });
  };
  /** A fresh clone's build, after its first ingest: from scratch, with only what that ingest left in the project's caches. */
  const freshClone = () => {
    fresh();
    for (const cache of PROJECT_CACHES) setAside(cache);
    if (existsSync(parsedByIngest)) cpSync(parsedByIngest, PARSE_CACHE, { recursive: true });
  };
  const pagefindBin = join(ROOT, "node_modules", ".bin", "pagefind");
  const eleventyRun = (env: Record<string, string> = {}) =>
    run(process.execPath, [...ELEVENTY_FLAGS, "node_modules/@11ty/eleventy/cmd.cjs", `--output=${relative(ROOT, out)}`], {
      env: { PAPER_DIGEST_CONTENT: relative(ROOT, content), ...env },
    });
  // As `npm run build` runs it after the ingest: Eleventy (in two lanes on two cores or more) and Pagefind over the
  // paper pages as soon as they are laid out, in parts past `search.pagesPerIndex`, kept in the working folder's .cache/search-parts.
  const siteRun = (env: Record<string, string> = {}) =>
    run(process.execPath, [...NODE_FLAGS, join(ROOT, "scripts", "build-site.ts"), "--output", "_site", "--content", "content", "--search"], { cwd: work, env });
  const plainRun = async () => {
    setAside(join(plain, "_site"));
    const eleventy = await run(
      process.execPath,
      [
        "--max-old-space-size=12288",
        join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"),
        "--config=eleventy.config.mjs",
        "--input=.",
        "--output=_site",
        "--quiet",
      ],
      { cwd: plain },
    );
    return { eleventy, pagefind: await run(pagefindBin, ["--site", join(plain, "_site"), "--quiet"]) };
  };
  type Build = { eleventy: Measure; pagefind: Measure };
  const sum = (b: Build) => b.eleventy.seconds + b.pagefind.seconds;
  /** Ours: Eleventy and the search index in one run, their times overlapping. */
  type SiteBuild = Measure;

  // Each site is built afresh, as on CI, and ours and the baseline alternate, so that a slow spell of the
  // machine (its disk flushing, a noisy neighbour) weighs on both: the medians and their ratio are the result.
  // The cold builds: a fresh clone, no search parts kept.
  plainPages();
  const cold: SiteBuild[] = [];
  const coldPlain: Build[] = [];
  for (let i = 0; i < REPEAT; i++) {
    freshClone();
    setAside(parts);
    cold.push(await siteRun(freshTemporaryFolder()));
    coldPlain.push(await plainRun());
    console.error(`cold build ${i + 1} of ${REPEAT}: ours ${(first.seconds + cold[i].seconds).toFixed(1)} s, baseline ${sum(coldPlain[i]).toFixed(1)} s`);
  }
  const authorPages = existsSync(join(out, "authors"))
    ? (readdirSync(join(out, "authors"), { recursive: true }) as string[]).filter((n) => n.endsWith("index.html") && n !== "index.html").length
    : 0;
  if (existsSync(parts)) linkTree(parts, coldParts);
  // The Pages workflow keeps the site and its record (Eleventy rewrites files in place: a copy, not links), and its
  // cache keeps the files' modification times, by which the search index knows a page it has read (src/site/search-index.ts).
  copySite(out, coldSite);
  if (existsSync(renderPlan)) cpSync(renderPlan, coldPlan);

  // The daily update: one more day on the built archive, then the build into the cold build's site, with its record
  // and its search parts at hand, as the Pages workflow restores them.
  const daily = await addDay();
  plainPages();
  const days: SiteBuild[] = [];
  const daysPlain: Build[] = [];
  for (let i = 0; i < REPEAT; i++) {
    fresh();
    copySite(coldSite, out);
    if (existsSync(coldPlan)) cpSync(coldPlan, renderPlan);
    setAside(parts);
    if (existsSync(coldParts)) linkTree(coldParts, parts);
    days.push(await siteRun());
    daysPlain.push(await plainRun());
    console.error(`daily update ${i + 1} of ${REPEAT}: ours ${(daily.seconds + days[i].seconds).toFixed(1)} s, baseline ${sum(daysPlain[i]).toFixed(1)} s`);
  }
  const wrote = (b: SiteBuild) => [...b.output.matchAll(/Wrote (\d+) files/g)].reduce((total, m) => total + Number(m[1]), 0);
  const reused = /\((\d+) unchanged since the last build, reused\)/.exec(days[0].output)?.[1];
  const partCount = /in (\d+) indexes/.exec(days[0].output)?.[1];

  const of = `median of ${REPEAT}`;
  const m = (builds: Build[], key: keyof Build) => median(builds.map((b) => b[key]));
  const lanes = (b: SiteBuild) => [...b.output.matchAll(/Wrote \d+ files/g)].length;
  const site = `Eleventy in ${lanes(cold[0])} ${lanes(cold[0]) === 1 ? "process" : "lanes"} and the search index (\`npm run build:site -- --search\`)`;
  record(`${site}, cold`, median(cold), `${wrote(cold[0])} files written, ${authorPages} HTML pages under /authors/; ${of}`);
  record(
    `${site}, +1 day`,
    median(days),
    `${wrote(days[0])} files written into the cold build's site; search: ${partCount ? `${reused ?? 0} of ${partCount} parts reused` : "one index, nothing to reuse"}; ${of}`,
  );

  // Eleventy's own benchmark says how long the feed and newsletter filters took inside the build; it
  // runs once more for that, since its bookkeeping would slow the builds measured above.
  fresh();
  const instrumented = (await eleventyRun({ DEBUG: "Eleventy:Benchmark*" })).output;
  // And what took longest in it, by Eleventy's own accounting (the same time may be counted under several names; the
  // passthrough copy runs beside everything else, so its time is not the build's).
  topOfBuild = [...instrumented.matchAll(/Benchmark\s+(\d+)ms\s+\d+%\s+(\d+)× \((\w+)\) (.+)$/gm)]
    .filter(([, , , , name]) => !name.startsWith("Passthrough"))
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .slice(0, 8)
    .map(([, ms, times, kind, name]) => `${name.trim()} (${kind}, ${times}×) ${(Number(ms) / 1000).toFixed(1)} s`)
    .join("; ");
  const filterMs = (name: string) => Number(new RegExp(`Benchmark\\s+(\\d+)ms\\s+\\d+%\\s+\\d+× \\(Configuration\\) "${name}"`).exec(instrumented)?.[1] ?? NaN);
  const inside = (seconds: number): Measure => ({ seconds, peakMb: NaN, treeMb: NaN, output: "" });
  rows.push(["  feeds (inside Eleventy: rssFeed)", inside(filterMs("rssFeed") / 1000), ""]);
  rows.push(["  newsletter web pages (inside Eleventy)", inside(filterMs("newsletterHtml") / 1000), ""]);
  const newsletter = await run(process.execPath, [
    ...NODE_FLAGS,
    "scripts/newsletter.ts",
    "--content",
    relative(ROOT, content),
    "--out",
    relative(ROOT, join(work, "newsletter")),
  ]);
  record("newsletter export (newest issue)", newsletter);
  record("baseline: plain Eleventy", m(coldPlain, "eleventy"), of);
  record("baseline: Pagefind", m(coldPlain, "pagefind"), of);

  // The ratio of each pair of builds run back to back; the median and the range over the pairs.
  const ratioNote = (ours: SiteBuild[], plains: Build[], extra: number) => {
    const each = ours.map((b, i) => (extra + b.seconds) / sum(plains[i])).sort((a, b) => a - b);
    return `**${each[Math.floor(each.length / 2)].toFixed(2)}×** the baseline (pairs: ${each.map((r) => r.toFixed(2)).join(", ")})`;
  };
  const build = (ingestRun: Measure, builds: SiteBuild[]) => combined(ingestRun, median(builds));
  const baseline = (builds: Build[]) => combined(m(builds, "eleventy"), m(builds, "pagefind"));
  rows.push([
    "**cold build**: ingest first run + Eleventy + search index (a fresh clone's `npm run build`)",
    build(first, cold),
    ratioNote(cold, coldPlain, first.seconds),
  ]);
  rows.push([
    `**daily update**: +1 day of ${PER}, ingest + Eleventy + search index with the cold build's parts`,
    build(daily, days),
    `${ratioNote(days, daysPlain, daily.seconds)} over the same ${(total + PER).toLocaleString("en")} listings`,
  ]);
  rows.push(["rebuild, nothing new: ingest unchanged + Eleventy + search index afresh", build(noop, cold), ratioNote(cold, coldPlain, noop.seconds)]);
  rows.push(["baseline: plain Eleventy + Pagefind", baseline(coldPlain), "1.00×"]);
  rows.push(["baseline, +1 day", baseline(daysPlain), ""]);
}

const mb = (value: number) => (Number.isNaN(value) ? "—" : value >= 1024 ? `${(value / 1024).toFixed(2)} GB` : `${value.toFixed(0)} MB`);
console.log(
  `\n${DAYS} days × ${PER} papers = ${total.toLocaleString("en")} listings${AUTHORS ? ", Hugging Face JSON with authors" : ""}; load average ${loadAtStart} at the start, ${load()} at the end\n`,
);
if (authorSummary) console.log(`${authorSummary}\n`);
console.log("| stage | wall time | peak memory, largest process (VmHWM) | peak memory, process tree at one moment (VmRSS summed) | notes |");
console.log("|---|---|---|---|---|");
for (const [stage, m, note] of rows)
  console.log(`| ${stage} | ${Number.isNaN(m.seconds) ? "—" : `${m.seconds.toFixed(1)} s`} | ${mb(m.peakMb)} | ${mb(m.treeMb)} | ${note} |`);
console.log(`\nSecond ingest / first ingest: ${(noop.seconds / first.seconds).toFixed(2)}`);
// The ingest times its steps on archives of 5,000 papers or more ("tokens: 6.3 s, heap …").
const steps = (m: Measure) =>
  [...m.output.matchAll(/^([^:\n]+): (\d+\.\d) s, heap/gm)]
    .filter(([, , s]) => Number(s) >= 0.5)
    .map(([, step, s]) => `${step} ${s} s`)
    .join(", ");
if (topOfBuild) console.log(`Longest in Eleventy, from scratch (Eleventy:Benchmark): ${topOfBuild}`);
for (const [stage, m] of rows)
  if (stage.startsWith("ingest, first") || stage.startsWith("ingest, +1")) if (steps(m)) console.log(`${stage}, its steps of 0.5 s or more: ${steps(m)}`);
rmSync(TRASH, { recursive: true, force: true });
