import type { NewMediaAccount } from '../config/sections/new-media.ts';

export type Credentials = { ok: true; headers: Record<string, string>; secrets: string[] } | { ok: false; reason: string };

/**
 * Reads the Cookie / Authorization values named by `cookieEnv` / `tokenEnv`. Only the
 * variable names ever reach reports; `secrets` lets callers scrub the values from any
 * message a server or browser echoes back.
 */
export function credentialsFor(account: Pick<NewMediaAccount, 'cookieEnv' | 'tokenEnv'>, env: NodeJS.ProcessEnv = process.env): Credentials {
  const headers: Record<string, string> = {};
  const secrets: string[] = [];
  const wanted: [string | undefined, string, string][] = [
    [account.cookieEnv, 'cookie', 'Cookie'],
    [account.tokenEnv, 'authorization', '令牌'],
  ];
  for (const [name, header, what] of wanted) {
    if (!name) continue;
    const value = env[name]?.trim();
    if (!value) return { ok: false, reason: `环境变量 ${name} 未设置或为空：请先设置该账号的${what}（export ${name}=...）再检查` };
    headers[header] = value;
    secrets.push(value);
  }
  return { ok: true, headers, secrets };
}

/** Removes every secret value (and each `k=v` part of a cookie) from a message. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  const parts = secrets.flatMap((s) => [s, ...s.split(/;\s*/).map((p) => p.split('=').slice(1).join('='))]).filter((p) => p.length >= 4);
  for (const part of parts.sort((a, b) => b.length - a.length)) out = out.split(part).join('***');
  return out;
}
