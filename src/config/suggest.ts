/** "Did you mean" for near misses: the closest candidate within a small edit distance. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/** The closest candidate (case-insensitive), when it is near enough to be a plausible typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (bestDistance <= Math.max(2, Math.floor(word.length / 3))) return best;
  // An abbreviation of exactly one candidate ("crit" -> "critical").
  const prefixed = w.length >= 3 ? candidates.filter((c) => c.toLowerCase().startsWith(w)) : [];
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions, deletions, substitutions
 * and transpositions of two neighbours (`agv` -> `avg` is 1) each count 1.
 */
export function typoDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The typo budget of a known value: 1 edit for values of up to 4 characters (`avg`, `sum`, `1h`,
 * `line`), 2 for longer ones (`query_value`, `gray_on_white`). Two edits on a 3-letter value would
 * reach other real words (`min` -> `max`); one edit on a long one would miss double slips.
 */
export function typoBudget(known: string): number {
  return known.length <= 4 ? 1 : 2;
}

/**
 * The known value that `word` is a near miss of, if any: not itself a known value, and within the
 * typo budget of one known value (case-insensitive: `Line` is a slip of `line`). This decides
 * error versus warning for enum values (src/validate/README.md): a near miss is a typo, so an
 * error; a value far from every known one may be newer than this package's lists, so a warning.
 */
export function nearMiss(word: string, known: readonly string[]): string | undefined {
  if (word === '' || known.includes(word)) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    // Cheap bound first: the length difference alone is at least the distance.
    if (Math.abs(k.length - w.length) > typoBudget(k)) continue;
    const d = typoDistance(w, k.toLowerCase());
    // On a tie, the value of the same length wins: `=>` is a swap of `>=` before it is `=` plus a stray `>`.
    const tieWins = d === bestDistance && best !== undefined && k.length === w.length && best.length !== w.length;
    if (d <= typoBudget(k) && (d < bestDistance || tieWins)) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/** ` (did you mean "x"?)`, or an empty string when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c !== undefined && c !== word ? ` (did you mean ${JSON.stringify(c)}?)` : '';
}

/** `a, b or c` for messages. */
export function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/** ` (did you mean "x"?)` when `word` is a near miss of a known value (an error), else an empty string. */
export function typoHint(word: string, known: readonly string[]): string {
  const near = nearMiss(word, known);
  return near === undefined ? '' : ` (did you mean ${JSON.stringify(near)}?)`;
}
