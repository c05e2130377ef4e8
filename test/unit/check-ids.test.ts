import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../functions/core/types.ts';

// Check ids become report columns and JSON keys: renaming one breaks every earlier report.
describe('check ids', () => {
  it('are the four stable criterion ids', () => {
    expect(CHECK_IDS).toEqual(['emc-tracking-code', 'emc-badge', 'portal-links-components', 'component-links-portal']);
  });
});
