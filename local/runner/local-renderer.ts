/**
 * The renderer of a local run: a pool of Chromiums (started as needed), one per render worker
 * of the local runner, as each render Lambda has a browser of its own. Kept apart from the
 * runner, so that a static-only run does not load the browser code.
 */
import { createChromiumRenderer, type ChromiumRendererOptions } from '../../functions/adapters/browser/chromium-renderer.ts';
import { createRendererPool } from '../../functions/adapters/browser/renderer-pool.ts';
import type { PageRenderer } from '../../functions/core/render/observation.ts';
import { DEFAULT_RENDER_CONCURRENCY } from './run-pipeline.ts';

export function localRenderer(options: ChromiumRendererOptions, browsers = DEFAULT_RENDER_CONCURRENCY): PageRenderer {
  return createRendererPool(() => createChromiumRenderer(options), browsers);
}
