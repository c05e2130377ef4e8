/**
 * The static tier in worker threads, under a budget that can stop it: each parse or judgement
 * runs in a worker of a small pool; when it outlasts its budget (or the worker exhausts its
 * heap limit) the worker is terminated — the only way to stop synchronous JavaScript — the call
 * rejects with PageTooComplexError, and a fresh worker takes its place. The main thread's event
 * loop stays free for the other sites' fetches, timeouts and queue leases meanwhile.
 *
 * The budget counts from the moment a ready worker receives the task: neither the wait for a
 * free worker nor a worker's start-up (which, from TypeScript sources, includes tsx
 * transpiling the core) is charged to a page.
 *
 * The worker runs this same module (`import.meta.url`): from a Lambda bundle that is the
 * bundle itself, whose handler builds nothing at import; from TypeScript sources the worker
 * first registers tsx, as the calling process did.
 */
import { once } from 'node:events';
import { setTimeout as delay } from 'node:timers/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PageTooComplexError } from '../../core/page/html-events.ts';
import type { LinkRef, PageModel } from '../../core/page/page-model.ts';
import { parsePage } from '../../core/page/parse-page.ts';
import { renderedLinks } from '../../core/page/rendered-links.ts';
import { judgePages, type JudgeInput, type JudgeOutput, type StaticAnalyser } from '../../core/static-analysis.ts';

/** Budget of one parse or judgement: ~20× what the largest page the fetcher accepts costs. */
export const DEFAULT_ANALYSIS_BUDGET_MS = 10_000;
/** Heap of one worker: a page past it is too complex, not a reason to crash the scanner. */
const WORKER_HEAP_MB = 256;
const WORKER_ROLE = 'gov-audit-static-analysis';

export interface WorkerAnalyserOptions {
  /** Longest a parse or judgement may run (default {@link DEFAULT_ANALYSIS_BUDGET_MS}). */
  budgetMs?: number;
  /**
   * When a task is over its budget: called as the task starts, resolves when the budget is
   * spent (`done` aborts once the task settled). Default: `budgetMs` on the clock.
   */
  budget?: (done: AbortSignal) => Promise<void>;
  /** Workers in the pool (default 2): scans of different sites run side by side. */
  workers?: number;
}

type Task = { op: 'parse'; html: string; url: string } | { op: 'judge'; input: JudgeInput } | { op: 'rendered-links'; snapshot: string; url: string };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; tooComplex: boolean; message: string };

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
}

interface Pending {
  task: Task;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** {@link StaticAnalyser} on a pool of worker threads, each task under the budget. */
export class WorkerAnalyser implements StaticAnalyser {
  private readonly budgetMs: number;
  private readonly budget: (done: AbortSignal) => Promise<void>;
  private readonly slots: (Slot | undefined)[];
  private readonly queue: Pending[] = [];
  private nextId = 0;

  constructor(options: WorkerAnalyserOptions = {}) {
    this.budgetMs = options.budgetMs ?? DEFAULT_ANALYSIS_BUDGET_MS;
    this.budget = options.budget ?? ((done) => delay(this.budgetMs, undefined, { signal: done }));
    this.slots = Array.from({ length: options.workers ?? 2 }, () => undefined);
  }

  parse(html: string, url: string): Promise<PageModel> {
    return this.submit({ op: 'parse', html, url }) as Promise<PageModel>;
  }

  judge(input: JudgeInput): Promise<JudgeOutput> {
    return this.submit({ op: 'judge', input }) as Promise<JudgeOutput>;
  }

  renderedLinks(snapshot: string, url: string): Promise<LinkRef[]> {
    return this.submit({ op: 'rendered-links', snapshot, url }) as Promise<LinkRef[]>;
  }

  /** Stops every worker (idle workers do not keep the process alive anyway). */
  async close(): Promise<void> {
    const workers = this.slots.filter((slot): slot is Slot => slot !== undefined).map((slot) => slot.worker);
    this.slots.fill(undefined);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private submit(task: Task): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (let index = 0; index < this.slots.length && this.queue.length > 0; index++) {
      const slot = this.slots[index] ?? (this.slots[index] = startWorker());
      if (slot.busy) continue;
      slot.busy = true;
      void this.runOn(index, slot, this.queue.shift() as Pending);
    }
  }

  private async runOn(index: number, slot: Slot, pending: Pending): Promise<void> {
    const settle = (outcome: { value: unknown } | { error: Error }, keepWorker: boolean) => {
      if (!keepWorker) {
        void slot.worker.terminate();
        if (this.slots[index] === slot) this.slots[index] = undefined;
      }
      slot.busy = false;
      if ('error' in outcome) pending.reject(outcome.error);
      else pending.resolve(outcome.value);
      this.dispatch();
    };
    try {
      await slot.ready;
    } catch (error) {
      settle({ error: error as Error }, false);
      return;
    }
    const id = this.nextId++;
    const done = new AbortController();
    const onMessage = (reply: Reply) => {
      if (reply.id !== id || done.signal.aborted) return;
      finish();
      if (reply.ok) settle({ value: reply.value }, true);
      else settle({ error: reply.tooComplex ? new PageTooComplexError(reply.message) : new Error(reply.message) }, true);
    };
    const onError = (error: Error) => {
      if (done.signal.aborted) return;
      finish();
      // A worker that ran out of its heap was stopped by the page it was reading.
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      settle({ error: outOfMemory ? new PageTooComplexError(`static analysis over its ${WORKER_HEAP_MB} MB heap`) : error }, false);
    };
    const finish = () => {
      done.abort();
      slot.worker.off('message', onMessage);
      slot.worker.off('error', onError);
    };
    slot.worker.on('message', onMessage);
    slot.worker.on('error', onError);
    slot.worker.postMessage({ id, task: pending.task });
    this.budget(done.signal).then(() => {
      if (done.signal.aborted) return;
      finish();
      settle({ error: new PageTooComplexError(`static analysis over its ${this.budgetMs} ms budget`) }, false);
    }, () => undefined);
  }
}

/** A worker on this module, ready once it has loaded (see the module comment). */
function startWorker(): Slot {
  const self = import.meta.url;
  const options = { workerData: { role: WORKER_ROLE }, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } };
  let worker: Worker;
  if (self.endsWith('.ts')) {
    // tsx's ESM API (its `require` entry resolves from here; the `import` entry sits beside it).
    const tsx = pathToFileURL(createRequire(self).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(self)}); });`;
    worker = new Worker(boot, { ...options, eval: true });
  } else {
    worker = new Worker(new URL(self), options);
  }
  // An idle worker must not keep a CLI run alive; a running task's budget timer does.
  worker.unref();
  // A worker that dies between tasks is replaced at the next one; its error must not crash us.
  worker.on('error', () => undefined);
  const ready = Promise.race([
    once(worker, 'message').then(() => undefined),
    once(worker, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  ready.catch(() => undefined);
  return { worker, ready, busy: false };
}

/** The worker's side: answers tasks until terminated. */
function serve(port: NonNullable<typeof parentPort>): void {
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    try {
      const value = task.op === 'parse' ? parsePage(task.html, task.url) : task.op === 'judge' ? judgePages(task.input) : renderedLinks(task.snapshot, task.url);
      port.postMessage({ id, ok: true, value } satisfies Reply);
    } catch (error) {
      port.postMessage({ id, ok: false, tooComplex: error instanceof PageTooComplexError, message: String((error as Error).message ?? error) } satisfies Reply);
    }
  });
  port.postMessage({ ready: true });
}

if (!isMainThread && parentPort !== null && (workerData as { role?: string } | null)?.role === WORKER_ROLE) serve(parentPort);
