import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { UsageError } from '../errors.ts';
import { configSchema, type Config, type ConfigInput } from './schema.ts';

/** A loaded config plus the folder its relative paths are resolved against. */
export interface LoadedConfig {
  config: Config;
  /** Folder of the config file (process cwd for in-memory configs). */
  baseDir: string;
}

/** Reads, parses and validates a YAML config file; throws UsageError naming the bad field. */
export async function loadConfigFile(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`配置文件无法读取：${file}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `第 ${err.linePos[0].line} 行` : '';
    throw new UsageError(`配置文件 ${file} 不是有效的 YAML${where}：${(err as Error).message.split('\n')[0]}`);
  }
  return { config: validateConfig(raw, file), baseDir: path.dirname(path.resolve(file)) };
}

/** Validates an already-parsed config object. */
export function validateConfig(raw: unknown, source = '配置'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new UsageError(describeIssue(result.error.issues[0], raw, source));
}

export function parseConfigInput(input: ConfigInput): Config {
  return validateConfig(input);
}

/** One sentence naming the field and the bad value, in Chinese. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, source: string): string {
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].join('.');
    return `${source}：未知字段 ${field}（拼写错误？）`;
  }
  const field = issue.path.join('.') || '(根)';
  const value = valueAt(raw, issue.path);
  const shown = value === undefined ? '缺失' : JSON.stringify(value);
  return `${source}：字段 ${field} 的值 ${shown} 无效：${translate(issue)}`;
}

function valueAt(raw: unknown, pathParts: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const key of pathParts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function translate(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `应为 ${issue.expected} 类型`;
    case 'invalid_format':
      return issue.format === 'url' ? '应为 http(s) 网址' : `格式应为 ${issue.format}`;
    case 'invalid_value':
      return `可选值为 ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'too_small':
      return `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}
