/**
 * Domain objects built from a validated config, so the browser and the server derive them the
 * same way (the server re-checks every rule with exactly these).
 */
import { BusinessCalendar } from '../domain/calendar.ts';
import type { SlotRule } from '../domain/files.ts';
import type { IdentityDocumentType } from '../domain/identity.ts';
import type { AgencyConfig, PersonKind } from './schema.ts';

const MB = 1024 * 1024;

/** `{ kind: 'main' }` or `{ kind: 'annex', index }` with index counted from 1, as citizens count. */
export type SlotRef = { kind: 'main' } | { kind: 'annex'; index: number };

export function slotRule(config: AgencyConfig, slot: SlotRef): SlotRule {
  const { main, annexes } = config.attachments;
  if (slot.kind === 'main') return { accept: main.accept, maxBytes: Math.round(main.maxSizeMB * MB) };
  const override = annexes.sizeBySlot.find((entry) => entry.slot === slot.index);
  return { accept: annexes.accept, maxBytes: Math.round((override?.maxSizeMB ?? annexes.maxSizeMB) * MB) };
}

/**
 * What may replace the observed document in `slot` (subsanación): the agency's correction rules
 * where it gives them (CENARES: PDF up to 20 MB), the slot's own rule for what it leaves out.
 */
export function correctionRule(config: AgencyConfig, slot: SlotRef): SlotRule {
  const own = slotRule(config, slot);
  const { accept, maxSizeMB } = config.corrections;
  return { accept: accept ?? own.accept, maxBytes: maxSizeMB === undefined ? own.maxBytes : Math.round(maxSizeMB * MB) };
}

/** The largest file any slot (or correction) accepts: the upload server's hard ceiling. */
export function largestSlotBytes(config: AgencyConfig): number {
  const sizes = [config.attachments.main.maxSizeMB, config.attachments.annexes.maxSizeMB];
  for (const entry of config.attachments.annexes.sizeBySlot) sizes.push(entry.maxSizeMB);
  if (config.corrections.maxSizeMB !== undefined) sizes.push(config.corrections.maxSizeMB);
  return Math.round(Math.max(...sizes) * MB);
}

/**
 * The most bytes one filing can carry (main document and every annex slot, each at its size
 * limit), or one correction (every document replaced, at the correction limits): the byte
 * budget of one upload grant, so a grant never stores more than the desk could be asked to keep.
 */
export function uploadBudgetBytes(config: AgencyConfig, purpose: 'filing' | 'correction'): number {
  const rule = purpose === 'correction' ? correctionRule : slotRule;
  let total = rule(config, { kind: 'main' }).maxBytes;
  for (let index = 1; index <= config.attachments.annexes.max; index++) total += rule(config, { kind: 'annex', index }).maxBytes;
  return total;
}

export function businessCalendar(config: AgencyConfig): BusinessCalendar {
  return new BusinessCalendar(config.nonWorkingDays);
}

export function documentTypesFor(config: AgencyConfig, kind: PersonKind): readonly IdentityDocumentType[] {
  return config.personTypes.find((person) => person.kind === kind)?.documentTypes ?? [];
}

export function identityOptions(config: AgencyConfig, type: IdentityDocumentType) {
  const patterns = config.identity.patterns as Partial<Record<IdentityDocumentType, string>>;
  return { pattern: patterns[type], rucPrefixes: config.identity.rucPrefixes };
}
