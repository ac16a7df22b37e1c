import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.ts';
import { loadConfigFile, type LoadedConfig } from './load.ts';

/**
 * `--config` may name one YAML file or a folder of them (one site each, as a supervising
 * office keeps them). Files are taken in name order so runs are reproducible.
 */
export async function loadConfigs(fileOrDir: string): Promise<LoadedConfig[]> {
  const info = await stat(fileOrDir).catch(() => null);
  if (!info) throw new UsageError(`配置文件无法读取：${fileOrDir}`);
  if (!info.isDirectory()) return [await loadConfigFile(fileOrDir)];
  const files = (await readdir(fileOrDir)).filter((f) => /\.ya?ml$/i.test(f)).sort();
  if (files.length === 0) throw new UsageError(`配置目录 ${fileOrDir} 中没有 .yaml 配置文件`);
  const loaded: LoadedConfig[] = [];
  for (const f of files) loaded.push(await loadConfigFile(path.join(fileOrDir, f)));
  const seen = new Map<string, string>();
  for (const [i, { config }] of loaded.entries()) {
    const other = seen.get(config.site.url);
    if (other) throw new UsageError(`配置目录 ${fileOrDir} 中 ${files[i]} 与 ${other} 检查同一网站 ${config.site.url}`);
    seen.set(config.site.url, files[i]);
  }
  return loaded;
}
