/**
 * The round report as an XLSX workbook: the tables of {@link roundTables} laid out by the
 * monthly report's sheet writer (frozen header, filters, number formats, neutralised text).
 */
import type { RoundModel } from '../../core/report/round/model.ts';
import { roundTables } from '../../core/report/round/round-tables.ts';
import { ROUND_WORDS } from '../../core/report/round/words.ts';
import type { Lang } from '../../core/types.ts';
import { writeTablesXlsx } from './xlsx-writer.ts';

/** Renders the round report (overall or one organisation) as XLSX bytes. */
export function writeRoundXlsx(model: RoundModel, options: { lang?: Lang } = {}): Promise<Uint8Array> {
  const lang = options.lang ?? 'vi';
  return writeTablesXlsx(roundTables(model, lang), { title: `${ROUND_WORDS.roundTitle[lang]} ${model.year}`, created: model.generatedAt });
}
