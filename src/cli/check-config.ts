/**
 * `npx mesa-de-partes check-config my-agency.json …`: reads each agency config the way the
 * elements and the server do, and explains every problem at once (where it is in the file and
 * what to write instead), plus the advice of `configAdvice` (contrast, unknown text keys).
 *
 * Exit code: 0 when every file is valid, 1 when one is not (or, with `--strict`, has advice),
 * 2 for a wrong command line. Output in Spanish: it is for the agency's webmaster.
 */
import { readFile } from 'node:fs/promises';
import { configAdvice, type ConfigAdvice } from '../config/advice.ts';
import type { ConfigError } from '../config/errors.ts';
import { parseAgencyConfigText } from '../config/load.ts';

export interface FileReport {
  file: string;
  /** The agency the file configures, when it is valid. */
  agency?: { id: string; name: string };
  errors: ConfigError[];
  advice: ConfigAdvice[];
}

export async function checkConfigFile(file: string): Promise<FileReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'el archivo no existe' : (error as Error).message;
    return { file, errors: [{ code: 'config.fetch', path: '', message: `no se pudo leer ${file}: ${reason}` }], advice: [] };
  }
  const result = parseAgencyConfigText(text);
  if (!result.ok) return { file, errors: result.errors, advice: [] };
  return { file, agency: { id: result.config.id, name: result.config.agency.name }, errors: [], advice: configAdvice(result.config) };
}

/** The report as the terminal shows it. */
export function formatReport(report: FileReport): string {
  const lines: string[] = [];
  const where = (path: string) => (path ? `${path}: ` : '');
  if (report.errors.length) {
    lines.push(`✗ ${report.file}: ${count(report.errors.length, 'problema', 'problemas')} que ${report.errors.length === 1 ? 'impide' : 'impiden'} usar esta configuración`);
    for (const error of report.errors) lines.push(`  • ${where(error.path)}${error.message}`);
  } else {
    lines.push(`✓ ${report.file}: configuración válida para ${report.agency?.name ?? ''} («${report.agency?.id ?? ''}»)`);
  }
  if (report.advice.length) {
    lines.push(`  ${count(report.advice.length, 'recomendación', 'recomendaciones')}:`);
    for (const advice of report.advice) lines.push(`  • ${where(advice.path)}${advice.message}`);
  }
  return lines.join('\n');
}

const USAGE = `Uso: mesa-de-partes check-config [--strict] <configuración.json> [otra.json …]

Revisa cada archivo de configuración de una entidad y explica cada problema: dónde está
en el archivo y qué escribir en su lugar. Con --strict, las recomendaciones (contraste de
colores, claves de textos desconocidas) también cuentan como problemas.

       mesa-de-partes hash-password

Escribe el hash de una contraseña del personal de la mesa para STAFF_CREDENTIALS (la lee de la
entrada estándar, sin mostrarla).`;

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Runs the command line `args` (without node and the script); resolves to the exit code. */
export async function main(args: readonly string[], output: Output = { out: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    output.out(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'check-config') {
    output.err(`No conozco la orden «${command}».\n\n${USAGE}`);
    return 2;
  }
  const strict = rest.includes('--strict');
  const unknownOption = rest.find((arg) => arg.startsWith('-') && arg !== '--strict');
  if (unknownOption) {
    output.err(`No conozco la opción «${unknownOption}».\n\n${USAGE}`);
    return 2;
  }
  const files = rest.filter((arg) => !arg.startsWith('-'));
  if (files.length === 0) {
    output.err(`Indique al menos un archivo de configuración.\n\n${USAGE}`);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const report = await checkConfigFile(file);
    output.out(formatReport(report));
    if (report.errors.length || (strict && report.advice.length)) failed = true;
  }
  return failed ? 1 : 0;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}
