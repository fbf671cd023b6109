/**
 * Where a new file goes among a dropzone's positions (one `SlotRule` per position): best fit,
 * i.e. the free position with the SMALLEST size limit that still accepts it (the lowest such
 * position on a tie). With INPE's rules (annex 1 up to 30 MB, the rest 5 MB) a 3 MB annex added
 * first goes to position 2 and leaves annex 1's 30 MB free for a 20 MB file added later; a 20 MB
 * annex lands in position 1 if it is free, and is refused if it is not.
 *
 * Taking the tightest position that fits never leaves fewer options for the next file than any
 * other choice would, so files added one at a time are placed as well as files chosen together.
 */
import { checkFileAgainstRule, type FileFacts, type FileProblem, type SlotRule } from '../domain/files.ts';

export type PlacementProblem = FileProblem | { code: 'file.tooMany'; max: number };

export type Placement = { ok: true; position: number } | { ok: false; problem: PlacementProblem };

/**
 * @param taken positions (1-based) already held by listed files
 * @returns the position, or the one problem to tell the citizen: the file is empty; no free
 *   position takes its type; it is too big for every free position that takes its type (naming
 *   the most generous of those limits); or every position is taken.
 */
export function assignPosition(file: FileFacts, rules: readonly SlotRule[], taken: ReadonlySet<number>): Placement {
  if (file.size <= 0) return { ok: false, problem: { code: 'file.empty' } };
  const free: Array<{ position: number; problems: FileProblem[] }> = [];
  rules.forEach((rule, index) => {
    const position = index + 1;
    if (!taken.has(position)) free.push({ position, problems: checkFileAgainstRule(file, rule) });
  });
  if (free.length === 0) return { ok: false, problem: { code: 'file.tooMany', max: rules.length } };
  let fit: { position: number; maxBytes: number } | undefined;
  for (const entry of free) {
    if (entry.problems.length > 0) continue;
    const maxBytes = rules[entry.position - 1]!.maxBytes;
    // `free` is in position order: a later position wins only with a strictly smaller limit.
    if (!fit || maxBytes < fit.maxBytes) fit = { position: entry.position, maxBytes };
  }
  if (fit) return { ok: true, position: fit.position };

  const typeOk = free.filter((entry) => !entry.problems.some((problem) => problem.code === 'file.type'));
  if (typeOk.length === 0) {
    const typeProblem = free[0]!.problems.find((problem) => problem.code === 'file.type');
    return { ok: false, problem: typeProblem ?? { code: 'file.type', accept: rules[free[0]!.position - 1]!.accept } };
  }
  let largest: FileProblem & { code: 'file.size' } = { code: 'file.size', maxBytes: 0 };
  for (const entry of typeOk) {
    for (const problem of entry.problems) {
      if (problem.code === 'file.size' && problem.maxBytes > largest.maxBytes) largest = problem;
    }
  }
  return { ok: false, problem: largest };
}
