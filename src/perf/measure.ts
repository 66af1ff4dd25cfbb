/**
 * Runs a command to completion and measures its wall time and peak resident memory.
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`: the largest max-RSS among the command and
 * the descendants it waited for, no sampling and no overhead); without GNU time, from sampling
 * VmRSS of the command's whole process tree in /proc every 20 ms (summed, so it errs high).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Measurement {
  /** Wall time, seconds. */
  seconds: number;
  /** Peak resident set, MB (2^20 bytes). */
  rssMB: number;
  code: number;
  /** The tail of stderr (for a failed run). */
  stderrTail: string;
}

const GNU_TIME = '/usr/bin/time';

function hasGnuTime(): boolean {
  try {
    fs.accessSync(GNU_TIME, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** VmRSS (kB) summed over `pid` and its descendants, from /proc. */
function treeRssKB(pid: number): number {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  const rss = new Map<number, number>();
  for (const e of entries) {
    try {
      const status = fs.readFileSync(path.join('/proc', e, 'status'), 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      rss.set(Number(e), kb);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid)!.push(Number(e));
    } catch {
      // the process ended meanwhile
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop()!;
    total += rss.get(p) ?? 0;
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

/** Runs argv in cwd; stdout is discarded, stderr kept for diagnostics. */
export function measure(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Measurement> {
  const gnu = hasGnuTime();
  const marker = '__bench_maxrss_kb=';
  const full = gnu ? [GNU_TIME, '-f', `${marker}%M`, ...argv] : [...argv];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(full[0], full.slice(1), { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.length > 200_000) stderr = stderr.slice(-100_000);
    });
    let peakKB = 0;
    const timer = gnu ? undefined : setInterval(() => (peakKB = Math.max(peakKB, treeRssKB(child.pid!))), 20);
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (timer) clearInterval(timer);
      if (gnu) {
        const m = new RegExp(`${marker}(\\d+)`).exec(stderr);
        peakKB = m ? Number(m[1]) : 0;
        stderr = stderr.replace(new RegExp(`${marker}\\d+\\n?`), '');
      }
      resolve({ seconds, rssMB: peakKB / 1024, code: code ?? 1, stderrTail: stderr.slice(-2000) });
    });
  });
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
