/**
 * The criteria table (functions/core/criteria.ts) is the only definition of a criterion's
 * section, names, applicability and of the verdict words: the checks, the CLI, the reports and
 * the rule sets read it. The source scan fails as soon as someone writes a criterion's name or
 * section again elsewhere (as rule-sets.ts and the CLI once did, with different wording).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unknownChecks } from '../../functions/core/audit-site.ts';
import { CRITERIA, TRAFFIC_CRITERION, VERDICT_LABELS } from '../../functions/core/criteria.ts';
import { getRuleSet, RULE_SETS } from '../../functions/core/report/rule-sets.ts';
import { CHECK_IDS, type SiteRole, type TransportFailure } from '../../functions/core/types.ts';

const ROOT = join(import.meta.dirname, '../..');
const TABLE = 'functions/core/criteria.ts';

/** Every tracked source file of the code that runs or renders (tests may quote expected words). */
const SOURCES = execFileSync('git', ['ls-files', 'bin', 'functions', 'local', 'lib', 'bench'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((path) => /\.(ts|js)$/.test(path) && path !== TABLE)
  .map((path) => ({ path, text: readFileSync(join(ROOT, path), 'utf8') }));

const quoted = (text: string) => [`'${text}'`, `"${text}"`, `\`${text}\``];

describe('the criteria table is the only definition', () => {
  it('scans a real source tree', () => {
    expect(SOURCES.length).toBeGreaterThan(50);
    expect(SOURCES.some((s) => s.path === 'functions/core/report/rule-sets.ts')).toBe(true);
  });

  it('no other file writes a criterion name', () => {
    const names = [...Object.values(CRITERIA), TRAFFIC_CRITERION].flatMap((c) => [c.vi, c.en]);
    const copies = SOURCES.flatMap(({ path, text }) => names.filter((name) => quoted(name).some((q) => text.includes(q))).map((name) => `${path}: ${name}`));
    expect(copies).toEqual([]);
  });

  it('no other file gives a criterion a section or defines verdict words', () => {
    const definitions = [/\b(section|criterion):\s*['"`]2\.\d/, /['"]not-applicable['"]:\s*\{\s*vi:/];
    const copies = SOURCES.filter(({ text }) => definitions.some((re) => re.test(text))).map((s) => s.path);
    expect(copies).toEqual([]);
  });

  it('every rule set reads the table', () => {
    for (const ruleSet of Object.values(RULE_SETS)) {
      expect(ruleSet.criteria).toBe(CRITERIA);
      expect(ruleSet.trafficCriterion).toBe(TRAFFIC_CRITERION);
    }
    expect(getRuleSet().criteria['portal-links-components'].section).toBe('2.2b');
  });

  it.each<SiteRole>(['portal', 'component', 'standalone'])('the checks judge a %s on exactly the criteria the table applies to it', (role) => {
    // Prepare
    const failure: TransportFailure = { kind: 'timeout', retryable: true, message: 'headers timeout', url: 'https://sotttt.quangninh.gov.vn/' };
    // Act
    const checks = unknownChecks(failure, role);
    // Assess
    for (const id of CHECK_IDS) {
      expect(checks[id].verdict, id).toBe(CRITERIA[id].appliesTo.includes(role) ? 'unknown' : 'not-applicable');
    }
  });

  it('has a Vietnamese and an English word for every verdict', () => {
    for (const label of Object.values(VERDICT_LABELS)) {
      expect(label.vi).toMatch(/\S/);
      expect(label.en).toMatch(/\S/);
    }
  });
});
