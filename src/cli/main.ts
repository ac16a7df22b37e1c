import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { UsageError, fileSystemErrorMessage } from '../errors.ts';
import { TOOL_VERSION } from '../version.ts';
import { annualCommand } from './commands/annual.ts';
import { demoCommand } from './commands/demo.ts';
import { diffCommand } from './commands/diff.ts';
import { reportCommand } from './commands/report.ts';
import { scanCommand } from './commands/scan.ts';
import { rescoreCommand } from './commands/rescore.ts';
import { triageCommand } from './commands/triage.ts';
import { monitorCommand } from './commands/monitor.ts';
import { reconcileCommand } from './commands/reconcile.ts';

/** Exit code of a crash (a bug): distinct from 0/1 (verdict) and 2 (usage). */
const EXIT_CRASH = 70;

export function positiveInt(flag: string, allowZero = false) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new InvalidArgumentError(`参数 ${flag} 的值 ${JSON.stringify(value)} 无效：应为${allowZero ? '非负' : '正'}整数`);
    return n;
  };
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('gov-inspector')
    .description('政府网站与政务新媒体季度自查工具（依据国办秘函〔2019〕19号检查指标）')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('scan')
    .description('抓取网站、检查链接与各项指标，写出 findings.json 和报告')
    .requiredOption('--config <file|dir>', '配置文件（YAML），或存放多个网站配置的目录')
    .option('--out <dir>', '本次检查的输出目录')
    .option('--as-of <date>', '监测时间点 YYYY-MM-DD（默认今天）')
    .option('--max-pages <n>', '最多抓取页面数', positiveInt('--max-pages'))
    .option('--concurrency <n>', '每个主机同时进行的请求数', positiveInt('--concurrency'))
    .option('--interval-ms <n>', '同一主机两次请求开始的最小间隔（毫秒）', positiveInt('--interval-ms', true))
    .option('--no-browser', '不使用浏览器（浏览器类检查记为跳过）')
    .option('--resume', '继续上次中断的检查')
    .option('--force', '--out 目录已保存一次检查时仍然覆盖写入')
    .option('--sites <n>', '--config 为目录时同时检查的网站数（默认 4）', positiveInt('--sites'))
    .option('--redis <url>', '分布式检查：把各网站作为任务提交到 Redis 队列（redis://主机:端口），由 worker 执行，本进程等待并汇总')
    .action(async (opts) => setExit(await scanCommand(opts)));
  program
    .command('worker')
    .description('分布式检查节点：从 Redis 队列领取网站检查任务并执行，直到被停止')
    .requiredOption('--redis <url>', 'Redis 地址 redis://主机:端口')
    .option('--concurrency <n>', '同时检查的网站数（默认 1）', positiveInt('--concurrency'))
    .option('--browser', '使用浏览器（默认）')
    .option('--no-browser', '本节点不使用浏览器（浏览器类检查记为跳过）')
    // The distributed commands load BullMQ and its Redis client only when one of them runs.
    .action(async (opts) => setExit(await (await import('./commands/worker.ts')).workerCommand(opts)));
  program
    .command('queue')
    .description('分布式检查队列')
    .command('status')
    .description('显示队列中等待、进行中、已完成、失败的网站检查数和在线节点数')
    .requiredOption('--redis <url>', 'Redis 地址 redis://主机:端口')
    .option('--json', '以 JSON 输出')
    .action(async (opts) => setExit(await (await import('./commands/queue.ts')).queueStatusCommand(opts)));
  program
    .command('report')
    .description('根据已保存的检查数据重新生成报告（不重新抓取）；--year 生成年度网站自查工作总结和年度报表数据')
    .option('--scan <id|dir>', '检查编号或检查目录')
    .option('--year <yyyy>', '生成该年度的自查工作总结与年度报表数据（只用已保存的检查记录）')
    .option('--site <url|id>', '--year 时指定网站（检查记录中有多个网站时）')
    .option('--out <dir>', '--year 时的输出目录（默认 <store>/annual-<年份>-<网站>）')
    .option('--format <list>', '输出格式：html,md,pdf,csv,xlsx,json（--year 时默认 html,xlsx,json）')
    .option('--store <dir>', '检查记录目录', 'gov-inspector-output')
    .action(async (opts) => {
      if (opts.year !== undefined) {
        if (opts.scan !== undefined) throw new UsageError('参数 --scan 与 --year 不能同时使用：--year 汇总该年度全部检查');
        setExit((await annualCommand(opts)).code);
        return;
      }
      if (opts.scan === undefined) throw new UsageError('缺少参数 --scan（检查编号或检查目录），或用 --year 生成年度总结');
      setExit(await reportCommand({ ...opts, format: opts.format ?? 'html,json' }));
    });
  program
    .command('diff')
    .description('比较两次检查：已整改、新发现、仍存在的问题')
    .argument('<scanA>', '较早的检查（编号或目录）')
    .argument('<scanB>', '较新的检查（编号或目录）')
    .option('--store <dir>', '检查记录目录', 'gov-inspector-output')
    .action(async (a, b, opts) => setExit(await diffCommand(a, b, opts)));
  program
    .command('rescore')
    .description('用已保存的检查数据重新评分（可换用其他指标表），并重写报告，不重新抓取')
    .requiredOption('--scan <id|dir>', '检查编号或检查目录')
    .option('--indicators <file>', '指标表：内置名称或 YAML 文件路径（默认沿用检查时的配置）')
    .option('--format <list>', '输出格式：html,md,pdf,csv,xlsx,json（默认沿用配置）')
    .option('--store <dir>', '检查记录目录', 'gov-inspector-output')
    .action(async (opts) => setExit(await rescoreCommand(opts)));
  program
    .command('triage')
    .description('记录对某个问题的处理意见（确认接受或误报），报告中会注明，不会隐藏')
    .argument('[fingerprint]', '问题编号（报告和整改台账中的“问题编号”）')
    .option('--decision <decision>', 'accepted（确认接受）或 false-positive（误报）')
    .option('--reason <text>', '理由')
    .option('--by <name>', '决定人')
    .option('--expires <date>', '有效期至 YYYY-MM-DD（过期后问题重新计入）')
    .option('--site <url>', '网站首页地址（同一问题编号出现在多个网站时）')
    .option('--list', '列出已记录的处理意见')
    .option('--import <file>', '导入各处室填写后的整改台账（ledger.xlsx 或 ledger.csv）：整改状态、整改措施、完成日期、联系人')
    .option('--store <dir>', '检查记录目录', 'gov-inspector-output')
    .action(async (fingerprint, opts) => setExit(await triageCommand(fingerprint, opts)));
  program
    .command('monitor')
    .description('可用性监测：定时打开首页并记录结果（用于“站点无法访问”单项否决）')
    .requiredOption('--config <file|dir>', '配置文件（YAML），或存放多个网站配置的目录')
    .option('--once', '只探测一次后退出（供 cron 每 30 分钟调用）')
    .option('--interval-minutes <n>', '探测间隔（分钟，默认 30）', positiveInt('--interval-minutes'))
    .action(async (opts) => setExit(await monitorCommand(opts)));
  program
    .command('reconcile')
    .description('核对主动公开文件台账与网站：应公开尽公开、按时公开（用已保存的检查数据，--live 时再查询站内搜索）')
    .requiredOption('--scan <id|dir>', '检查编号或检查目录')
    .requiredOption('--register <file>', '文件台账：.xlsx 或 .csv（UTF-8/GBK）')
    .option('--live', '对抓取中未找到的文件查询网站的站内搜索')
    .option('--format <list>', '输出格式：html,md,pdf,csv,xlsx,json（默认沿用配置）')
    .option('--store <dir>', '检查记录目录', 'gov-inspector-output')
    .action(async (opts) => setExit(await reconcileCommand(opts)));
  program
    .command('demo')
    .description('启动内置示例网站并对其进行检查')
    .option('--out <dir>', '本次检查的输出目录')
    .option('--as-of <date>', '监测时间点（默认 2026-11-28，示例网站的日期基准）')
    .option('--no-browser', '不使用浏览器')
    .option('--year', '示例年度：检查示例网站 2026 年前三个季度，导入一份填好的整改台账，生成年度自查工作总结')
    .action(async (opts) => setExit(await demoCommand(opts)));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  try {
    await buildProgram((c) => (code = c)).parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError) {
      process.stderr.write(`错误：${err.message}\n`);
      return 2;
    }
    const fsMessage = fileSystemErrorMessage(err);
    if (fsMessage) {
      process.stderr.write(`错误：${fsMessage}\n`);
      return 2;
    }
    process.stderr.write(`程序内部错误（请报告此问题）：${(err as Error).stack ?? String(err)}\n`);
    return EXIT_CRASH;
  }
}

const code = await main(process.argv);
// Exit once stdout has drained: a piped summary must not be cut, and nothing may keep a finished scan alive.
process.stdout.write('', () => process.exit(code));
