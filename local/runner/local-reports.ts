/**
 * Reports generated on the local stack, as `gov-audit report` and the demo do it: into the local
 * S3 and, file by file, into an output folder. In local/ so that both the CLI (bin/) and the demo
 * runner (local/) use it: local/ never imports bin/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { linksOf, presignedLinks } from '../../functions/core/links/download-links.ts';
import { copiedEvidenceLinks, generateReports, reportPrefix, type GeneratedReports, type GenerateReportsDeps } from '../../functions/core/report/generate-report.ts';
import type { EvaluationWindow } from '../../functions/core/pipeline/evaluation-window.ts';
import type { EvidenceStore } from '../../functions/core/stores.ts';
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

/**
 * Generates the reports into the session's S3, copies them to `outDir` and presigns every file;
 * `now` (default: the machine's clock) is the generation time.
 */
export async function produceLocalReports(
  session: Omit<GenerateReportsDeps, 'files' | 'writers' | 'links'> & { evidence: EvidenceStore; window: EvaluationWindow },
  options: { period: string; lang: Lang; outDir: string; now?: Date },
): Promise<LocalReports> {
  const outDir = resolve(options.outDir);
  const prefix = reportPrefix(options.period);
  const localPath = (key: string) => join(outDir, ...key.slice(prefix.length).split('/'));
  // Every file goes to the local S3 and, as it is written, to the output folder.
  const files = teeToFolder(session.evidence, (key) => (key.startsWith(prefix) ? localPath(key) : undefined));
  const now = options.now ?? new Date();
  // The local S3's key pair never expires, so its presigned links last their full 7 days.
  const downloadLinks = presignedLinks(session.evidence, now);
  const generated = await generateReports(
    { period: options.period, kind: 'manual', lang: options.lang, generatedAt: now.toISOString(), window: session.window },
    // A local set carries the evidence it cites (copied next to it, linked by relative path):
    // the local S3 is gone when the command exits.
    { ...session, files, links: downloadLinks, writers: REPORT_WRITERS, evidenceLinks: copiedEvidenceLinks(files) },
  );
  const paths = generated.files.map((file) => localPath(file.key));
  const links = await linksOf(generated.files.map((file) => file.key), downloadLinks);
  return { generated, paths, links, outDir };
}

/**
 * The local S3 with every write also copied to a file (`localPathOf(key)`, skipped when it
 * gives none), so a command's output folder fills as the files are generated.
 */
export function teeToFolder(evidence: EvidenceStore, localPathOf: (key: string) => string | undefined): EvidenceStore {
  return {
    getObject: (key) => evidence.getObject(key),
    presign: (key, seconds) => evidence.presign(key, seconds),
    async putObject(key, body, contentType) {
      await evidence.putObject(key, body, contentType);
      const path = localPathOf(key);
      if (path === undefined) return;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, body);
    },
  };
}
