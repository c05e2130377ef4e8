/**
 * The renderer pool: renders spread over at most `size` members, each rendering one page at a
 * time, members started only when needed, every started one closed. The members are stand-ins
 * whose renders finish when the test says (the pool's logic, not a browser, is under test; the
 * fleet and pipeline tests use the pool with real Chromium).
 */
import { describe, expect, it } from 'vitest';
import { createRendererPool } from '../../functions/adapters/browser/renderer-pool.ts';
import type { PageRenderer, RenderOutcome } from '../../functions/core/render/observation.ts';

/** Members that record which URL each renders, and at most how many it had at once. */
function members() {
  const made: { id: number; urls: string[]; inFlight: number; maxInFlight: number; closed: boolean }[] = [];
  const pending: { url: string; finish: () => void }[] = [];
  const create = (): PageRenderer => {
    const self = { id: made.length, urls: [] as string[], inFlight: 0, maxInFlight: 0, closed: false };
    made.push(self);
    return {
      render: (url) => new Promise<RenderOutcome>((resolve) => {
        self.urls.push(url);
        self.inFlight++;
        self.maxInFlight = Math.max(self.maxInFlight, self.inFlight);
        pending.push({ url, finish: () => { self.inFlight--; resolve({ url } as unknown as RenderOutcome); } });
      }),
      close: async () => void (self.closed = true),
    };
  };
  /** Finishes the render of `url` and lets the pool hand its member on. */
  const finish = async (url: string) => {
    const at = pending.findIndex((p) => p.url === url);
    pending.splice(at, 1)[0].finish();
    await new Promise((resolve) => setImmediate(resolve));
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { made, pending, create, finish, settle };
}

describe('renderer pool', () => {
  it('starts one member while renders come one at a time', async () => {
    // Prepare
    const m = members();
    const pool = createRendererPool(m.create, 3);
    // Act
    for (const url of ['https://a.gov.vn/', 'https://b.gov.vn/', 'https://c.gov.vn/']) {
      const done = pool.render(url);
      await m.settle();
      await m.finish(url);
      await done;
    }
    // Assess
    expect(m.made.map((x) => x.urls)).toEqual([['https://a.gov.vn/', 'https://b.gov.vn/', 'https://c.gov.vn/']]);
  });

  it('runs up to size renders at once, one per member, and queues the rest in order', async () => {
    // Prepare
    const m = members();
    const pool = createRendererPool(m.create, 2);
    const urls = ['https://a.gov.vn/', 'https://b.gov.vn/', 'https://c.gov.vn/', 'https://d.gov.vn/'];
    // Act: four renders asked at once
    const all = Promise.all(urls.map((url) => pool.render(url)));
    await m.settle();
    const startedFirst = m.pending.map((p) => p.url);
    await m.finish('https://b.gov.vn/');
    const afterB = m.pending.map((p) => p.url);
    await m.finish('https://a.gov.vn/');
    await m.finish('https://c.gov.vn/');
    await m.finish('https://d.gov.vn/');
    const outcomes = await all;
    // Assess: two members, never two renders on one; c took b's member, d a's
    expect(startedFirst).toEqual(['https://a.gov.vn/', 'https://b.gov.vn/']);
    expect(afterB).toEqual(['https://a.gov.vn/', 'https://c.gov.vn/']);
    expect(m.made.map((x) => [x.urls, x.maxInFlight])).toEqual([[['https://a.gov.vn/', 'https://d.gov.vn/'], 1], [['https://b.gov.vn/', 'https://c.gov.vn/'], 1]]);
    expect(outcomes.map((o) => (o as unknown as { url: string }).url)).toEqual(urls);
  });

  it('frees a member whose render failed, closes every started member, and refuses renders once closed', async () => {
    // Prepare
    const failing: PageRenderer = { render: () => Promise.reject(new Error('browser crashed')), close: async () => undefined };
    let closes = 0;
    const pool = createRendererPool(() => ({ ...failing, close: async () => void closes++ }), 1);
    // Act
    const first = pool.render('https://a.gov.vn/').catch((e: Error) => e.message);
    const second = pool.render('https://b.gov.vn/').catch((e: Error) => e.message);
    const failures = await Promise.all([first, second]);
    await pool.close();
    const after = await pool.render('https://c.gov.vn/').catch((e: Error) => e.message);
    // Assess
    expect(failures).toEqual(['browser crashed', 'browser crashed']);
    expect(closes).toBe(1);
    expect(after).toBe('the renderer pool is closed');
    expect(() => createRendererPool(() => failing, 0)).toThrow(RangeError);
  });
});
