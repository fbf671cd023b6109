/**
 * Look-ups answered from a JSON data file (`LOOKUP_DATA_FILE`): the demo's fictitious padrón
 * (demo/lookups/padron.json) and the tests. Also a way for an agency without PIDE access to serve
 * its own list. The file is read once, when the server starts, so a broken file stops the start
 * with a clear message instead of failing on the first citizen.
 *
 *   { "people": [{ "dni": "10117410", "givenNames": "JUAN", "surnames": "PÉREZ PÉREZ" }],
 *     "organizations": [{ "ruc": "20538298485", "name": "…", "state": "ACTIVO", "condition": "HABIDO" }] }
 */
import { readFileSync } from 'node:fs';
import type { OrganizationLookup, PersonLookup } from '../../src/api/types.ts';
import { isActiveState, type IdentityLookups } from './provider.ts';

export class LookupDataError extends Error {}

type Row = Record<string, unknown>;

function rows(data: Row, key: string, file: string): Row[] {
  const list = data[key] ?? [];
  if (!Array.isArray(list)) throw new LookupDataError(`${file}: "${key}" debe ser una lista`);
  return list.map((row, index) => {
    if (typeof row !== 'object' || row === null) throw new LookupDataError(`${file}: ${key}[${index}] debe ser un objeto`);
    return row as Row;
  });
}

function field(row: Row, name: string, where: string, pattern?: RegExp): string {
  const value = row[name];
  if (typeof value !== 'string' || value.trim() === '' || (pattern && !pattern.test(value))) {
    throw new LookupDataError(`${where}.${name}: falta o no es válido`);
  }
  return value.trim();
}

export class LocalFileLookups implements IdentityLookups {
  private readonly people = new Map<string, PersonLookup>();
  private readonly organizations = new Map<string, OrganizationLookup>();

  constructor(file: string) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new LookupDataError(`${file}: no se pudo leer como JSON: ${(error as Error).message}`);
    }
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new LookupDataError(`${file}: debe ser un objeto JSON`);
    rows(data as Row, 'people', file).forEach((row, index) => {
      const where = `${file}: people[${index}]`;
      const dni = field(row, 'dni', where, /^\d{8}$/);
      this.people.set(dni, { dni, givenNames: field(row, 'givenNames', where), surnames: field(row, 'surnames', where) });
    });
    rows(data as Row, 'organizations', file).forEach((row, index) => {
      const where = `${file}: organizations[${index}]`;
      const ruc = field(row, 'ruc', where, /^\d{11}$/);
      const state = field(row, 'state', where);
      const condition = field(row, 'condition', where);
      this.organizations.set(ruc, { ruc, name: field(row, 'name', where), state, condition, active: isActiveState(state) });
    });
  }

  async person(dni: string): Promise<PersonLookup | null> {
    return this.people.get(dni) ?? null;
  }

  async organization(ruc: string): Promise<OrganizationLookup | null> {
    return this.organizations.get(ruc) ?? null;
  }
}
