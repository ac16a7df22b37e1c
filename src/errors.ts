/**
 * A mistake of the user (bad config, bad flag, unknown scan id). The CLI prints the
 * message as one sentence and exits 2; every other error is a bug and is rethrown.
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '所在文件系统是只读的',
  ENOSPC: '磁盘空间已满',
  EDQUOT: '磁盘配额已用完',
  ENOTDIR: '路径中有一段是文件而不是目录',
  EISDIR: '应为文件的位置是一个目录',
  EEXIST: '应为目录的位置已有同名文件',
  EMFILE: '打开的文件过多',
};

/**
 * A file-system failure of the user's paths (read-only folder, full disk, a file where a
 * folder is expected) as one sentence naming the path; null for anything else (a bug).
 */
export function fileSystemErrorMessage(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException & { dest?: string };
  const reason = typeof e?.code === 'string' ? FILE_SYSTEM_REASONS[e.code] : undefined;
  if (!reason) return null;
  const where = e.path ?? e.dest;
  return `无法写入 ${where ?? '输出目录'}：${reason}（${e.code}）。请检查 --out、store.dir 等路径后重试`;
}
