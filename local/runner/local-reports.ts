/**
 * Reports generated on the local stack, as `gov-audit report` and the demo do it: into the local
 * S3 and, file by file, into an output folder. In local/ so that both the CLI (bin/) and the demo
 * runner (local/) use it: local/ never imports bin/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { generateReports, reportPrefix, type GeneratedReports, type GenerateReportsDeps } from '../../functions/core/report/generate-report.ts';
import { MAX_PRESIGN_SECONDS, type EvidenceStore } from '../../functions/core/stores.ts';
import type { Lang } from '../../functions/core/types.ts';
import { REPORT_WRITERS } from '../../functions/report/writers.ts';

/** What a local generation produced. */
export interface LocalReports {
  generated: GeneratedReports;
  /** Absolute paths of the copies, index files last. */
  paths: string[];
  /** Presigned links (7 days) by S3 key. */
  links: Map<string, string>;
  outDir: string;
}

/** Generates the reports into the session's S3, copies them to `outDir` and presigns every file. */
export async function produceLocalReports(
  session: Omit<GenerateReportsDeps, 'files' | 'writers'> & { evidence: EvidenceStore },
  options: { period: string; lang: Lang; outDir: string },
): Promise<LocalReports> {
  const outDir = resolve(options.outDir);
  const prefix = reportPrefix(options.period);
  const localPath = (key: string) => join(outDir, ...key.slice(prefix.length).split('/'));
  // Every file goes to the local S3 and, as it is written, to the output folder.
  const files: EvidenceStore = {
    getObject: (key) => session.evidence.getObject(key),
    presign: (key, seconds) => session.evidence.presign(key, seconds),
    async putObject(key, body, contentType) {
      await session.evidence.putObject(key, body, contentType);
      if (!key.startsWith(prefix)) return;
      await mkdir(dirname(localPath(key)), { recursive: true });
      await writeFile(localPath(key), body);
    },
  };
  const generated = await generateReports(
    { period: options.period, kind: 'manual', lang: options.lang, generatedAt: new Date().toISOString() },
    { ...session, files, writers: REPORT_WRITERS },
  );
  const paths = generated.files.map((file) => localPath(file.key));
  const links = new Map<string, string>();
  for (const file of generated.files) links.set(file.key, await session.evidence.presign(file.key, MAX_PRESIGN_SECONDS));
  return { generated, paths, links, outDir };
}
