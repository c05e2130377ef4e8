/**
 * The figures every bench reports: medians and interquartile ranges of repeated measurements,
 * and CPU time (user + system), which a busy machine disturbs far less than wall time.
 */

/** The q-quantile (0..1) of the values, linearly interpolated. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Median and interquartile range, as the benches print them. */
export function spread(values: readonly number[]): { median: number; q1: number; q3: number } {
  return { median: median(values), q1: quantile(values, 0.25), q3: quantile(values, 0.75) };
}

/** Milliseconds of CPU (user + system) a `process.cpuUsage()` difference holds. */
export const cpuMs = (cpu: NodeJS.CpuUsage): number => (cpu.user + cpu.system) / 1000;

/** The CPU milliseconds `fn` takes in this process. */
export function cpuTime(fn: () => void): number {
  const start = process.cpuUsage();
  fn();
  return cpuMs(process.cpuUsage(start));
}

/** Whether two figures agree within `tolerance` (relative to the larger). */
export function agree(a: number, b: number, tolerance = 0.1): boolean {
  return Math.abs(a - b) <= tolerance * Math.max(Math.abs(a), Math.abs(b));
}
