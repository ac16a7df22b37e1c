import type { TrendPoint } from '../store/history.ts';
import { quarterName } from './labels.ts';

/** Geometry of the inline SVG trend chart; the template only draws what is computed here. */
export interface TrendChart {
  width: number;
  height: number;
  /** polyline points attribute */
  line: string;
  points: { x: number; y: number; label: string; value: number; qualified: boolean }[];
  passLine: { y: number; x1: number; x2: number; label: string };
  yTicks: { y: number; label: string }[];
  /** Left and right ends of the plot (grid lines), and the baseline of the quarter labels. */
  plot: { x1: number; x2: number; labelY: number; tickX: number };
  description: string;
}

const W = 560;
const H = 220;
// Wide side margins: the first and last quarter labels are centred on their points.
const PAD = { left: 64, right: 56, top: 20, bottom: 40 };

/** Lays the scores of past quarters out on a 0–100 (or higher with bonus) axis. */
export function trendChart(points: readonly TrendPoint[], passLine: number): TrendChart | null {
  if (!points.length) return null;
  const max = Math.max(100, ...points.map((p) => p.total));
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => Math.round((PAD.top + plotH * (1 - v / max)) * 10) / 10;
  const x = (i: number) => Math.round((PAD.left + (points.length === 1 ? plotW / 2 : (plotW * i) / (points.length - 1))) * 10) / 10;
  const laid = points.map((p, i) => ({ x: x(i), y: y(p.total), label: quarterName(p.quarter), value: p.total, qualified: p.verdict === 'qualified' }));
  return {
    width: W,
    height: H,
    line: laid.map((p) => `${p.x},${p.y}`).join(' '),
    points: laid,
    passLine: { y: y(passLine), x1: PAD.left, x2: W - PAD.right, label: `及格线 ${passLine}` },
    yTicks: [0, 20, 40, 60, 80, 100].map((v) => ({ y: y(v), label: String(v) })),
    plot: { x1: PAD.left, x2: W - PAD.right, labelY: H - PAD.bottom + 24, tickX: PAD.left - 8 },
    description: `各季度得分：${laid.map((p) => `${p.label} ${p.value} 分`).join('，')}`,
  };
}
