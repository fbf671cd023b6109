/**
 * Where a new file goes among a dropzone's positions (one `SlotRule` per position): the lowest
 * free position whose rule accepts it. With INPE's rules (annex 1 up to 30 MB, the rest 5 MB)
 * a 20 MB annex lands in position 1 if it is free, and is refused if it is not.
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
  const fit = free.find((entry) => entry.problems.length === 0);
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
