/**
 * Several renderers used as one. A renderer renders one page at a time (one browser, one
 * context wiped between sites); on AWS each concurrent render Lambda has a browser of its own.
 * The local runner's render workers get the same through a pool: each render goes to an idle
 * member, a member is started only when every started one is busy (up to `size`), and a render
 * waits when all `size` are busy.
 */
import type { PageRenderer } from '../../core/render/observation.ts';

export function createRendererPool(create: () => PageRenderer, size: number): PageRenderer {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`renderer pool size must be a positive integer (got ${size})`);
  const started: PageRenderer[] = [];
  const idle: PageRenderer[] = [];
  const waiting: ((member: PageRenderer) => void)[] = [];
  let closed = false;

  const acquire = (): Promise<PageRenderer> => {
    const member = idle.pop();
    if (member !== undefined) return Promise.resolve(member);
    if (started.length < size) {
      const fresh = create();
      started.push(fresh);
      return Promise.resolve(fresh);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (member: PageRenderer): void => {
    const next = waiting.shift();
    if (next) next(member);
    else idle.push(member);
  };

  return {
    async render(url, options) {
      if (closed) throw new Error('the renderer pool is closed');
      const member = await acquire();
      try {
        return await member.render(url, options);
      } finally {
        release(member);
      }
    },
    async close() {
      closed = true;
      await Promise.all(started.map((member) => member.close()));
    },
  };
}
