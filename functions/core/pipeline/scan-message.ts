/**
 * The scan (and render) queue message, validated by one schema: a message is untrusted input
 * (it may have been sent by hand, or by an older version), so every field a scan reads is
 * checked before it starts — including the optional ones (`parentUrl`, `components`,
 * `expectedSiteId`, `depth`), which decide 2.2c, 2.2b and the duplicate-site-id rule. The
 * schema is checked against the `ScanMessage` type at compile time (`satisfies`), so the two
 * cannot drift apart. Unknown fields are dropped, not refused: a newer sender may add some.
 */
import { z } from 'zod';
import { SITE_ID_PATTERN } from '../rules/emc.ts';
import { problemsOf } from '../scheduler-events.ts';
import type { ScanMessage } from '../stores.ts';

const httpUrl = z.string().refine(
  (text) => {
    try {
      const { protocol } = new URL(text);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  },
  { message: 'not an http(s) URL' },
);

/** The schema of one scan/render queue message body. */
export const SCAN_MESSAGE_SCHEMA = z.object({
  runId: z.string().min(1),
  url: httpUrl,
  host: z.string().min(1),
  role: z.enum(['portal', 'component', 'standalone']),
  parentUrl: httpUrl.optional(),
  components: z.array(httpUrl).optional(),
  expectedSiteId: z.string().regex(SITE_ID_PATTERN, 'not an EMC site id (digits)').optional(),
  org: z.string().optional(),
  league: z.enum(['ministry', 'province', 'other']).optional(),
  source: z.enum(['registry', 'discovered', 'manual']),
  depth: z.number().int().min(0).optional(),
}) satisfies z.ZodType<ScanMessage>;

/** Parses and validates a message body; the error names every field that is wrong. */
export function parseScanMessage(body: string): { ok: true; value: ScanMessage } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  const parsed = SCAN_MESSAGE_SCHEMA.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: problemsOf(parsed.error) };
}
