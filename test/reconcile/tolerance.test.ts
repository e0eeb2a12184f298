// The tolerance rule (SPEC 4): an absolute amount and, optionally, a percentage of the billed
// amount; a line matches when |billed − recomputed| is within both.
import { describe, expect, it } from 'vitest';
import { statusOf, toleranceText, unexplainedStatus, withinTolerance } from '../../shared/reconcile';

describe('tolerance', () => {
  it('an amount alone: |difference| at most the amount, either way', () => {
    expect(statusOf('10.00', '10.01', '0.01')).toBe('match');
    expect(statusOf('10.00', '10.02', '0.01')).toBe('over_billed');
    expect(statusOf('10.00', '9.99', { amount: '0.01', percent: null })).toBe('match');
    expect(statusOf('10.00', '9.98', { amount: '0.01', percent: null })).toBe('under_billed');
  });

  it('with a percentage: within both the amount and the percentage of the billed amount', () => {
    const t = { amount: '5', percent: '1' };
    // 3.00 on 45.38 billed: within 5 but not within 1 % (0.4538).
    expect(statusOf('42.38', '45.38', t)).toBe('over_billed');
    // 0.40 on 45.38: within both.
    expect(statusOf('44.98', '45.38', t)).toBe('match');
    // 6.00 on 1000 billed: within 1 % (10) but not within 5.
    expect(statusOf('994.00', '1000.00', t)).toBe('over_billed');
    // Exactly on the bounds: within (≤).
    expect(withinTolerance('0.4538', t, '45.38')).toBe(true);
    expect(withinTolerance('0.45381', t, '45.38')).toBe(false);
    expect(withinTolerance('-5', { amount: '5', percent: '100' }, '5')).toBe(true);
  });

  it('nothing billed: a percentage of 0 leaves only an exact match; an unexplained charge stays one', () => {
    expect(statusOf('0', null, { amount: '1', percent: '50' })).toBe('match');
    expect(statusOf('0.01', null, { amount: '1', percent: '50' })).toBe('missing_from_invoice');
    expect(unexplainedStatus('0.50', '1')).toBe('match');
    expect(unexplainedStatus('0.50', { amount: '1', percent: '50' })).toBe('unexplained_charge');
    expect(unexplainedStatus('0.50', { amount: '1', percent: '100' })).toBe('match');
  });

  it('says itself in words', () => {
    expect(toleranceText('0.01')).toBe('0.01');
    expect(toleranceText({ amount: '0.01', percent: '2' })).toBe('0.01 and 2 % of the billed amount');
  });
});
