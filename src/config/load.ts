import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, isScalar, YAMLParseError } from 'yaml';
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
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new UsageError(`配置文件无法读取：${file}`);
  }
  if (bytes.length > MAX_CONFIG_BYTES) throw new UsageError(`配置文件 ${file} 过大（${bytes.length} 字节，上限 ${MAX_CONFIG_BYTES} 字节）：配置应为几 KB 的 YAML 文本`);
  const text = bytes.toString('utf8');
  // Binary (or not UTF-8): say so, never echo its bytes.
  if (bytes.includes(0) || text.includes('\uFFFD')) throw new UsageError(`配置文件 ${file} 不是 UTF-8 文本（可能是二进制文件或其他编码）：请提供 YAML 文本文件`);
  let raw: unknown;
  let sourceOf: (pathParts: PropertyKey[]) => string | undefined = () => undefined;
  try {
    const doc = parseDocument(text);
    if (doc.errors.length) throw doc.errors[0];
    raw = doc.toJS();
    // The value as written (a 400-digit number is Infinity once parsed, shown as null by JSON).
    sourceOf = (pathParts) => {
      const node = doc.getIn(pathParts as unknown[], true);
      return isScalar(node) && node.range ? text.slice(node.range[0], node.range[1]) : undefined;
    };
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? `第 ${err.linePos[0].line} 行` : '';
    throw new UsageError(`配置文件 ${file} 不是有效的 YAML${where}：${shorten(printable((err as Error).message.split('\n')[0]))}`);
  }
  return { config: validateConfig(raw, file, sourceOf), baseDir: path.dirname(path.resolve(file)) };
}

/** Largest config file read: a config is a few KB; megabytes of values only cost memory. */
const MAX_CONFIG_BYTES = 1024 * 1024;
/** Longest string value; URLs are checked by their own schema and this bound as well. */
const MAX_STRING_CHARS = 2048;
/** Longest value shown back in a message. */
const SHOWN_CHARS = 80;

/** Validates an already-parsed config object. */
export function validateConfig(raw: unknown, source = '配置', sourceOf?: (pathParts: PropertyKey[]) => string | undefined): Config {
  const tooLong = findLongString(raw, []);
  if (tooLong) {
    throw new UsageError(`${source}：字段 ${tooLong.path.join('.')} 的值 ${shown(tooLong.value)} 过长（${tooLong.value.length} 个字符，上限 ${MAX_STRING_CHARS}）`);
  }
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new UsageError(describeIssue(result.error.issues[0], raw, source, sourceOf));
}

/** The first string value longer than MAX_STRING_CHARS, with its path. */
function findLongString(value: unknown, at: PropertyKey[]): { path: PropertyKey[]; value: string } | null {
  if (typeof value === 'string') return value.length > MAX_STRING_CHARS ? { path: at, value } : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const found = findLongString(child, [...at, Array.isArray(value) ? Number(key) : key]);
    if (found) return found;
  }
  return null;
}

/** Control characters and the like, as escapes: a message never carries raw bytes. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function shorten(text: string): string {
  return text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…（共 ${text.length} 个字符）` : text;
}

/** A value as the message shows it: JSON, printable, truncated. */
function shown(value: unknown, written?: string): string {
  if (written !== undefined && typeof value === 'number' && !Number.isFinite(value)) return shorten(printable(written));
  const json = JSON.stringify(value);
  return shorten(printable(json === undefined ? String(value) : json));
}

export function parseConfigInput(input: ConfigInput): Config {
  return validateConfig(input);
}

/** One sentence naming the field and the bad value, in Chinese. */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown, source: string, sourceOf?: (pathParts: PropertyKey[]) => string | undefined): string {
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path, issue.keys[0]].map(String).join('.');
    return `${source}：未知字段 ${shorten(printable(field))}（拼写错误？）`;
  }
  const field = shorten(printable(issue.path.map(String).join('.'))) || '(根)';
  const value = valueAt(raw, issue.path);
  const given = value === undefined ? '缺失' : shown(value, sourceOf?.(issue.path));
  return `${source}：字段 ${field} 的值 ${given} 无效：${translate(issue, value)}`;
}

function valueAt(raw: unknown, pathParts: PropertyKey[]): unknown {
  let cur: unknown = raw;
  for (const key of pathParts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

function translate(issue: z.core.$ZodIssue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (typeof value === 'number' && !Number.isFinite(value)) return '数字过大，超出可表示的范围';
      return `应为 ${issue.expected} 类型`;
    case 'invalid_format':
      return issue.format === 'url' ? '应为 http(s) 网址' : `格式应为 ${issue.format}`;
    case 'invalid_value':
      return `可选值为 ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
    case 'too_small':
      if (issue.origin === 'string') return `长度不能小于 ${String(issue.minimum)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少需要 ${String(issue.minimum)} 项`;
      // positive() is "> 0": a 0 must read "应大于 0", never "不能小于 0".
      return issue.inclusive === false ? `应大于 ${String(issue.minimum)}` : `不能小于 ${String(issue.minimum)}`;
    case 'too_big':
      if (typeof value === 'number' && !Number.isFinite(value)) return '数字过大';
      if (issue.origin === 'string') return `长度不能超过 ${String(issue.maximum)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${String(issue.maximum)} 项`;
      return issue.inclusive === false ? `应小于 ${String(issue.maximum)}` : `不能大于 ${String(issue.maximum)}`;
    default:
      return issue.message;
  }
}
