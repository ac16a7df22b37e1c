/**
 * Writes config/schema/config.schema.json from the zod config schema (for editors and
 * YAML language servers). `npm run schema`; a test keeps the committed file current.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from './schema.ts';

export const CONFIG_SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/schema/config.schema.json');

export function configJsonSchema(): string {
  const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ ...schema, title: 'gov-inspector 配置文件' }, null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(CONFIG_SCHEMA_FILE, configJsonSchema());
  console.log(`已写出 ${path.relative(process.cwd(), CONFIG_SCHEMA_FILE)}`);
}
