/**
 * Rules across fields that a JSON Schema cannot say. They run after the schema, on a config
 * whose shape is already right.
 */
import { isIsoDate } from '../domain/calendar.ts';
import { SUPPORTED_EXTENSIONS } from '../domain/files.ts';
import { isValidRequestNumberPattern } from '../domain/request-number.ts';
import type { ConfigError } from './errors.ts';
import type { AgencyConfig } from './schema.ts';

type Rule = (config: AgencyConfig) => Iterable<Omit<ConfigError, 'code'>>;

function* uniqueIds(list: ReadonlyArray<{ id: string }>, path: string) {
  const seen = new Set<string>();
  for (const [index, item] of list.entries()) {
    if (seen.has(item.id)) yield { path: `${path}[${index}].id`, message: `el identificador «${item.id}» está repetido` };
    seen.add(item.id);
  }
}

const rules: Rule[] = [
  function* distinctIds(config) {
    yield* uniqueIds(config.procedures, 'procedures');
    yield* uniqueIds(config.offices, 'offices');
    yield* uniqueIds(config.documentKinds, 'documentKinds');
    yield* uniqueIds(config.consents, 'consents');
  },
  function* personTypes(config) {
    const seen = new Set<string>();
    for (const [index, person] of config.personTypes.entries()) {
      if (seen.has(person.kind)) yield { path: `personTypes[${index}].kind`, message: `«${person.kind}» aparece dos veces` };
      seen.add(person.kind);
    }
  },
  function* filingHours(config) {
    if (config.filingHours.kind === 'office-hours' && config.filingHours.opens >= config.filingHours.closes) {
      yield { path: 'filingHours.closes', message: 'la hora de cierre debe ser posterior a la de apertura' };
    }
  },
  function* nonWorkingDays(config) {
    for (const [index, day] of config.nonWorkingDays.entries()) {
      if (!isIsoDate(day.date)) yield { path: `nonWorkingDays[${index}].date`, message: `la fecha ${day.date} no existe` };
    }
  },
  function* requestNumber(config) {
    // Numbers restart every year (art. 125 receipts are numbered per year), so the year must be
    // part of the number: without it, 1 January would hand out numbers that already exist.
    const { pattern } = config.requestNumber;
    if (!isValidRequestNumberPattern(pattern) || !pattern.includes('{year}')) {
      yield {
        path: 'requestNumber.pattern',
        message:
          'el patrón debe tener {seq} (o {seq:6} para rellenar con ceros) y {year}, una vez cada uno; por ejemplo "{seq}-{year}" o "MPV-{year}-{seq:6}"',
      };
    }
  },
  function* annexSlots(config) {
    const { annexes } = config.attachments;
    for (const [index, entry] of annexes.sizeBySlot.entries()) {
      if (entry.slot > annexes.max) {
        yield {
          path: `attachments.annexes.sizeBySlot[${index}].slot`,
          message: `el anexo ${entry.slot} no existe: solo se permiten ${annexes.max} anexos`,
        };
      }
    }
  },
  function* checkableFileTypes(config) {
    const slots: Array<readonly [string, readonly string[]]> = [
      ['attachments.main.accept', config.attachments.main.accept],
      ['attachments.annexes.accept', config.attachments.annexes.accept],
      ['corrections.accept', config.corrections.accept ?? []],
    ];
    for (const [path, accept] of slots) {
      for (const [index, extension] of accept.entries()) {
        if (!SUPPORTED_EXTENSIONS.includes(extension)) {
          yield {
            path: `${path}[${index}]`,
            message: `no se puede revisar el contenido de archivos ${extension}; use: ${SUPPORTED_EXTENSIONS.join(' ')}`,
          };
        }
      }
    }
  },
  function* identityPatterns(config) {
    for (const [type, source] of Object.entries(config.identity.patterns)) {
      if (source === undefined) continue;
      try {
        new RegExp(source);
      } catch {
        yield { path: `identity.patterns.${type}`, message: 'no es una expresión regular válida' };
      }
    }
  },
];

export function checkConfigRules(config: AgencyConfig): ConfigError[] {
  return rules.flatMap((rule) => [...rule(config)].map((error) => ({ code: 'config.rule' as const, ...error })));
}
