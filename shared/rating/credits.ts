// Credits: grants consumed over consecutive periods, in minor units, line by line.
import type { CreditAllocation, CreditBalance, CreditGrant, Dec, EpochMs, PeriodId, RatedLine } from '../types';
import { D, minorOf, minorString, roundMoney } from '../money';
import { invalidInput, parseDec } from './errors';
import { explainCredit, explainNet } from './explain';

export interface CreditPeriodInput {
  period: PeriodId;
  start: EpochMs;
  end: EpochMs;
  /** The period's rated lines in line order (credit 0). Empty when nothing was used. */
  lines: RatedLine[];
}

export interface CreditPeriodResult {
  period: PeriodId;
  /** Copies of the lines with credit, net and the credit steps of their explanation. */
  lines: RatedLine[];
  /** (grant, line) allocations in consumption order. */
  allocations: CreditAllocation[];
  /** Grants usable in the period or with a non-zero opening balance, in consumption order. */
  balances: CreditBalance[];
  creditsApplied: Dec;
}

/** A grant is usable for a period's invoice when validFrom < end and (no expiry or expiresAt > start). */
export function isGrantUsable(grant: CreditGrant, start: EpochMs, end: EpochMs): boolean {
  return grant.validFrom < end && (grant.expiresAt === null || grant.expiresAt > start);
}

/** Consumption order: free before prepaid, soonest expiry first (never last), earliest grant, credit id. */
export function compareGrants(a: CreditGrant, b: CreditGrant): number {
  const kind = (g: CreditGrant): number => (g.kind === 'free' ? 0 : 1);
  const exp = (g: CreditGrant): number => (g.expiresAt === null ? Infinity : g.expiresAt);
  return (
    kind(a) - kind(b) ||
    (exp(a) === exp(b) ? 0 : exp(a) < exp(b) ? -1 : 1) ||
    a.grantedAt - b.grantedAt ||
    (a.creditId < b.creditId ? -1 : a.creditId > b.creditId ? 1 : 0)
  );
}

export function sameCurrency(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** True when the grant covers lines of this kind. */
export function grantCovers(grant: CreditGrant, kind: RatedLine['kind']): boolean {
  return grant.scope === 'all' || grant.scope.includes(kind);
}

interface GrantState {
  grant: CreditGrant;
  amount: bigint;
  remaining: bigint;
  started: boolean;
  finished: boolean;
}

function checkGrant(g: CreditGrant, currency: string): bigint {
  if (!Number.isSafeInteger(g.validFrom) || !Number.isSafeInteger(g.grantedAt) || (g.expiresAt !== null && !Number.isSafeInteger(g.expiresAt))) {
    throw invalidInput(`Credit ${g.creditId} has an invalid date`, g.source);
  }
  if (g.kind !== 'free' && g.kind !== 'prepaid') throw invalidInput(`Credit ${g.creditId} has an unknown kind "${String(g.kind)}"`, g.source);
  const amount = parseDec(g.amount, `Amount of credit ${g.creditId}`, g.source);
  if (amount.isNeg()) throw invalidInput(`Credit ${g.creditId} has a negative amount`, g.source);
  return minorOf(roundMoney(amount, currency), currency);
}

/**
 * Applies the grants (those in `currency`; pass one owner's grants) over consecutive periods,
 * oldest first. Balances carry over from period to period: per grant and period,
 * opening + granted = used + expired + closing. A grant is granted in the first given period
 * where it is usable; what is left after the period whose end reaches its expiry is expired.
 */
export function applyCredits(grants: readonly CreditGrant[], periods: readonly CreditPeriodInput[], currency: string): CreditPeriodResult[] {
  for (let i = 1; i < periods.length; i++) {
    if (periods[i]!.start !== periods[i - 1]!.end) throw invalidInput(`Credit periods are not consecutive (${periods[i - 1]!.period} → ${periods[i]!.period})`);
  }
  const states: GrantState[] = grants
    .filter((g) => sameCurrency(g.currency, currency))
    .sort(compareGrants)
    .map((grant) => {
      const amount = checkGrant(grant, currency);
      return { grant, amount, remaining: 0n, started: false, finished: false };
    });
  const ids = new Set<string>();
  for (const s of states) {
    if (ids.has(s.grant.creditId)) throw invalidInput(`Credit ${s.grant.creditId} is granted twice`, s.grant.source);
    ids.add(s.grant.creditId);
  }
  return periods.map((p) => {
    const lines = p.lines.map((l) => ({ ...l, explanation: [...l.explanation] }));
    const lineLeft = lines.map((l) => {
      const m = minorOf(new D(l.amountPerSecond), currency);
      return m > 0n ? m : 0n;
    });
    const lineCredit = lines.map(() => 0n);
    const allocations: CreditAllocation[] = [];
    const balances: CreditBalance[] = [];
    for (const s of states) {
      const usable = !s.finished && isGrantUsable(s.grant, p.start, p.end);
      const opening = s.started && !s.finished ? s.remaining : 0n;
      let granted = 0n;
      if (usable && !s.started) {
        s.started = true;
        s.remaining = s.amount;
        granted = s.amount;
      }
      let used = 0n;
      if (usable) {
        for (let i = 0; i < lines.length && s.remaining > 0n; i++) {
          const line = lines[i]!;
          if (lineLeft[i]! <= 0n || !grantCovers(s.grant, line.kind)) continue;
          const take = s.remaining < lineLeft[i]! ? s.remaining : lineLeft[i]!;
          line.explanation.push(
            explainCredit(s.grant.creditId, s.grant.kind, minorString(s.remaining, currency), minorString(lineLeft[i]!, currency), minorString(take, currency)),
          );
          s.remaining -= take;
          lineLeft[i] = lineLeft[i]! - take;
          lineCredit[i] = lineCredit[i]! + take;
          used += take;
          allocations.push({ creditId: s.grant.creditId, lineKey: line.key, lineNo: line.lineNo, amount: minorString(take, currency) });
        }
      }
      let expired = 0n;
      if (s.started && !s.finished && s.grant.expiresAt !== null && p.end >= s.grant.expiresAt) {
        expired = s.remaining;
        s.remaining = 0n;
        s.finished = true;
      }
      const closing = s.started ? s.remaining : 0n;
      if (usable || opening !== 0n) {
        balances.push({
          creditId: s.grant.creditId,
          kind: s.grant.kind,
          scope: s.grant.scope,
          expiresAt: s.grant.expiresAt,
          opening: minorString(opening, currency),
          granted: minorString(granted, currency),
          used: minorString(used, currency),
          expired: minorString(expired, currency),
          closing: minorString(closing, currency),
        });
      }
    }
    let applied = 0n;
    lines.forEach((line, i) => {
      const credit = lineCredit[i]!;
      applied += credit;
      line.credit = minorString(credit, currency);
      line.net = minorString(minorOf(new D(line.amountPerSecond), currency) - credit, currency);
      line.explanation.push(explainNet(line.amountPerSecond, line.credit, line.net));
    });
    return { period: p.period, lines, allocations, balances, creditsApplied: minorString(applied, currency) };
  });
}
