/**
 * The JSON Schema of an agency config, generated from the valibot schema. Build-time only:
 * nothing in the browser bundle imports this module.
 */
import { toJsonSchema } from '@valibot/to-json-schema';
import { AgencyConfigSchema } from './schema.ts';

export function configJsonSchema(): Record<string, unknown> {
  const schema = toJsonSchema(AgencyConfigSchema, { target: 'draft-2020-12', errorMode: 'ignore' }) as Record<string, unknown>;
  return {
    $id: 'https://mesa-de-partes.dev/schemas/agency-config.schema.json',
    title: 'Configuración de una Mesa de Partes Digital',
    description: 'Un archivo por entidad: documentos de identidad, trámites, oficinas, reglas de archivos, horario, textos y tema.',
    ...schema,
  };
}
