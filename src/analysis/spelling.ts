/**
 * One spelling for words British and American English spell differently, so that "optimisation"
 * and "optimization" stem alike (Porter2 keeps them apart: "optimis", "optim") and a paper
 * written in either meets the taxonomy's phrases and its neighbours in the same words. The word
 * lists on npm (american-english, 2016) are general-purpose and miss the technical words
 * abstracts use ("regularisation", "tokeniser", "parameterise"), so these are rules, after
 * https://en.wikipedia.org/wiki/American_and_British_English_spelling_differences.
 */

/** -ise verbs that are -ise in American English too: their -ise is not a British -ize. */
const KEEPS_ISE = [
  "advertise",
  "advise",
  "apprise",
  "arise",
  "chastise",
  "circumcise",
  "comprise",
  "compromise",
  "concise",
  "demise",
  "despise",
  "devise",
  "enterprise",
  "excise",
  "exercise",
  "expertise",
  "franchise",
  "imprecise",
  "improvise",
  "incise",
  "merchandise",
  "paradise",
  "precise",
  "premise",
  "promise",
  "reprise",
  "revise",
  "rise",
  "supervise",
  "surmise",
  "surprise",
  "televise",
  "treatise",
];
/** What may stand before such a verb and leave it one ("unsupervised", "revised", "uprising"). */
const PREFIXES = ["", "un", "re", "pre", "de", "mis", "non", "semi", "self", "super", "over", "under", "co", "up", "sun"];
const KEEPS = new Set(KEEPS_ISE.flatMap((word) => PREFIXES.map((prefix) => prefix + word)));

/** optimise, optimised, optimiser, optimisation, …: the stem before "is" and the ending after it. */
const ISE = /^(.+)is(e|es|ed|ing|er|ers|ation|ations|ational|able)$/;
/** analyse, paralyse, catalyse, … */
const YSE = /^(.{3,})ys(e|es|ed|ing|er|ers)$/;
const OUR = /^(behavi|col|endeav|fav|flav|harb|hon|hum|lab|neighb|od|rig|rum|splend|tum|vap|vig)our/;
const TRE = /^(calib|cent|fib|lit|lust|meag|met|somb|spect|theat)re(s|d)?$/;
const TRE_AS = { "": "er", s: "ers", d: "ered" };
const ENCE = /^(defen|licen|offen|preten)ce(s)?$/;
const OGUE = /^(anal|catal)ogue(s|d)?$/;
/** The Greek and Latin "ae" and "oe" of medicine, which American English writes "e". */
const DIGRAPHS: Record<string, string> = {
  aetiolog: "etiolog",
  anaem: "anem",
  anaesth: "anesth",
  faec: "fec",
  foet: "fet",
  gynaecolog: "gynecolog",
  haem: "hem",
  ischaem: "ischem",
  leukaem: "leukem",
  oedem: "edem",
  oesophag: "esophag",
  oestr: "estr",
  orthopaed: "orthoped",
  paediatr: "pediatr",
};
const DIGRAPH = new RegExp(`^(${Object.keys(DIGRAPHS).join("|")})`);

export function americanSpelling(word: string): string {
  // "optimiser's": the word, then its apostrophe ending as it was.
  const apostrophe = word.search(/['’]/);
  if (apostrophe > 0) return americanSpelling(word.slice(0, apostrophe)) + word.slice(apostrophe);
  let w = word
    .replace(OUR, "$1or")
    .replace(TRE, (_, start: string, end: keyof typeof TRE_AS = "") => start + TRE_AS[end])
    .replace(ENCE, "$1se$2")
    .replace(OGUE, "$1og$2");
  w = w.replace(DIGRAPH, (start: string) => DIGRAPHS[start]);
  const ise = ISE.exec(w);
  // "noise", "raise", "pairwise" and "rise" are not -ize words: a vowel, a "w" or fewer than three letters before "ise".
  if (ise && ise[1].length >= 3 && !/[aeiouyw]$/.test(ise[1]) && !KEEPS.has(`${ise[1]}ise`)) return `${ise[1]}iz${ise[2]}`;
  const yse = YSE.exec(w);
  if (yse) return `${yse[1]}yz${yse[2]}`;
  return w;
}
