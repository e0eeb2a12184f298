import { useEffect, useState } from 'react';
import type { Res } from '../../../shared/contract/api';
import { REVIEW_STATES, type ReviewState } from '../../../shared/types';
import { send } from '../api/transport';
import { ReviewChip, StatusChip } from '../components/Chip';
import { Money } from '../components/Money';
import { formatDateTime, formatDuration, formatInt, shortHash } from '../lib/format';
import { KIND_LABEL, REVIEW_LABEL } from '../lib/labels';
import { setReview } from '../state/actions';
import { errorText, useApp, useLocale, useSettings } from '../state/app';
import { useInvoice } from '../state/invoice';

type Detail = Res<'lines.detail'>;

const SHOW_INTERVALS = 200;

function describeAudit(action: string, detail: string): string {
  try {
    const d = JSON.parse(detail) as Record<string, unknown>;
    if (action === 'review' && typeof d.from === 'string' && typeof d.to === 'string') {
      return `${REVIEW_LABEL[d.from as ReviewState] ?? d.from} → ${REVIEW_LABEL[d.to as ReviewState] ?? d.to}`;
    }
    if (action === 'annotate' && typeof d.text === 'string') return `“${d.text}”`;
  } catch {
    /* plain text */
  }
  return detail;
}

const SHORTCUT: Record<ReviewState, string> = { approved: 'a', disputed: 'd', resolved: 'r', unreviewed: 'u' };

export function LineDetail({ ownerId, period, lineKey }: { ownerId: string; period: string; lineKey: string }) {
  const version = useInvoice((s) => s.version);
  const bump = useInvoice((s) => s.bump);
  const openLine = useApp((s) => s.openLine);
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const { timeZone, actor } = useSettings();
  const locale = useLocale();
  const currency = useInvoice((s) => s.invoice?.currency) ?? '';
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [saving, setSaving] = useState(false);
  const [showAll, setShowAll] = useState(false);

  useEffect(() => {
    let live = true;
    setError(null);
    send('lines.detail', { period, ownerId, lineKey }).then(
      (d) => live && setDetail(d),
      (e) => live && (setError(errorText(e)), setDetail(null)),
    );
    return () => {
      live = false;
    };
  }, [ownerId, period, lineKey, version]);

  useEffect(() => {
    setShowAll(false);
    setNote('');
  }, [lineKey]);

  const addNote = async () => {
    const text = note.trim();
    if (!text) return;
    setSaving(true);
    try {
      await send('lines.annotate', { period, ownerId, lineKey, text });
      setNote('');
      bump();
    } catch (e) {
      notify('error', errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const row = detail?.row;
  const intervals = detail ? (showAll ? detail.details : detail.details.slice(0, SHOW_INTERVALS)) : [];

  return (
    <aside className="drawer" aria-label="Line detail" data-testid="line-detail">
      <div className="drawer-head">
        <div className="drawer-title">
          {row ? (
            <>
              <span className="muted">Line {row.lineNo}</span> <strong>{row.itemName || row.itemId}</strong>
              <div className="small muted">
                {KIND_LABEL[row.kind]} · <span className="mono">{row.priceItem}</span> · <span className="mono">{row.itemId}</span>
              </div>
            </>
          ) : (
            <span className="muted">{error ? 'Line' : 'Loading…'}</span>
          )}
        </div>
        <button className="btn btn-small" onClick={() => openLine(null)} aria-label="Close the detail (Esc)" data-testid="detail-close">
          Close (Esc)
        </button>
      </div>
      {error && (
        <div className="banner banner-error inline" role="alert">
          {error}
        </div>
      )}
      {row && detail && (
        <div className="drawer-body">
          <section className="kv-grid">
            <div>
              <span className="k">Status</span> <StatusChip status={row.status} />
            </div>
            <div>
              <span className="k">Review</span> <ReviewChip review={row.review} />
            </div>
            <div>
              <span className="k">Per second</span> <Money value={row.amountPerSecond} currency={currency} />
            </div>
            <div>
              <span className="k">10-minute slices</span> <Money value={row.amountLegacy} currency={currency} />
            </div>
            <div>
              <span className="k">Difference</span> <Money value={row.difference} currency={currency} />
            </div>
            <div>
              <span className="k">Credit</span> <Money value={row.credit} currency={currency} />
            </div>
            <div>
              <span className="k">Net</span> <Money value={row.net} currency={currency} />
            </div>
            <div>
              <span className="k">Billed</span> <Money value={row.billed} currency={currency} />
            </div>
            <div>
              <span className="k">Variance</span> <Money value={row.variance} currency={currency} tone signed testId="detail-variance" />
            </div>
            <div>
              <span className="k">Billable time</span>
              <span className="num">
                {formatDuration(row.billableSeconds)} <span className="muted small">({formatInt(row.billableSeconds, locale)} s)</span>
              </span>
            </div>
          </section>

          <section className="review-bar" data-testid="review-buttons">
            <span className="k">Mark as</span>
            {REVIEW_STATES.map((s) => (
              <button
                key={s}
                className={`btn btn-small rv-btn-${s}${row.review === s ? ' on' : ''}`}
                aria-pressed={row.review === s}
                disabled={!!busy}
                data-testid={`review-${s}`}
                onClick={() => void setReview([lineKey], s)}
              >
                {REVIEW_LABEL[s]} <kbd>{SHORTCUT[s]}</kbd>
              </button>
            ))}
          </section>

          <section>
            <h3>Calculation</h3>
            <ol className="steps" data-testid="explanation">
              {detail.explanation.map((s, n) => (
                <li key={n} className="step">
                  <div className="step-label">{s.label}</div>
                  <div className="step-formula mono">{s.formula}</div>
                  <div className="step-value mono">= {s.value}</div>
                </li>
              ))}
            </ol>
          </section>

          {detail.detailsTotal > 0 && (
            <section>
              <h3>
                Intervals{' '}
                <span className="muted small">
                  ({formatInt(detail.detailsTotal, locale)}; times in {timeZone})
                </span>
              </h3>
              <div className="table-wrap detail-table">
                <table className="table table-tight" data-testid="intervals">
                  <thead>
                    <tr>
                      <th>Instance</th>
                      <th>Start → end</th>
                      <th className="r">Seconds</th>
                      <th className="r">Price / h</th>
                      <th className="r">Amount (exact)</th>
                      <th>Source</th>
                    </tr>
                  </thead>
                  <tbody>
                    {intervals.map((d) => (
                      <tr key={`${d.intervalId}-${d.start}`}>
                        <td className="mono ellip small iv-instance" title={d.instanceId}>
                          {d.instanceId}
                        </td>
                        <td className="nowrap small">
                          {formatDateTime(d.start, timeZone, locale)}
                          <br />
                          {formatDateTime(d.end, timeZone, locale)}
                          {d.cut && (
                            <span
                              className="chip chip-warn chip-mini"
                              title="Cut at the period boundary: each part is billed in its own period"
                              data-testid="cut-marker"
                            >
                              cut
                            </span>
                          )}
                        </td>
                        <td className="r num" title={`${formatInt(d.legacySlices, locale)} started slices in the legacy rule (exact ${d.exactLegacyAmount})`}>
                          {formatInt(d.billableSeconds, locale)}
                        </td>
                        <td className="r">
                          <Money value={d.pricePerHour} currency={currency} exact />
                        </td>
                        <td className="r">
                          <Money value={d.exactAmount} currency={currency} exact />
                        </td>
                        <td className="mono small iv-source" title={`${d.source.file}, row ${d.source.row} (import #${d.source.batchId})`}>
                          <div className="ellip">{d.source.file}</div>
                          <div className="muted">row {d.source.row}</div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {detail.details.length > intervals.length && (
                <button className="btn btn-small" onClick={() => setShowAll(true)}>
                  Show all {formatInt(detail.details.length, locale)} intervals
                </button>
              )}
              {detail.detailsTotal > detail.details.length && (
                <p className="muted small">
                  {formatInt(detail.details.length, locale)} of {formatInt(detail.detailsTotal, locale)} intervals shown; the workbook's Details sheet has them
                  all.
                </p>
              )}
            </section>
          )}

          <section>
            <h3>Billed by the provider</h3>
            {detail.billedSources.length === 0 ? (
              <p className="muted">Nothing billed for this line.</p>
            ) : (
              <table className="table table-tight" data-testid="billed-sources">
                <thead>
                  <tr>
                    <th>Source</th>
                    <th className="r">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.billedSources.map((b, n) => (
                    <tr key={n}>
                      <td className="mono small">
                        {b.source.file} · {b.source.row}
                      </td>
                      <td className="r">
                        <Money value={b.amount} currency={currency} exact />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          {detail.allocations.length > 0 && (
            <section>
              <h3>Credits applied</h3>
              <table className="table table-tight" data-testid="allocations">
                <thead>
                  <tr>
                    <th>Credit</th>
                    <th className="r">Amount</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.allocations.map((a, n) => (
                    <tr key={n}>
                      <td className="mono">{a.creditId}</td>
                      <td className="r">
                        <Money value={a.amount} currency={currency} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}

          <section>
            <h3>Annotations</h3>
            {detail.annotations.length === 0 && <p className="muted">No annotation yet.</p>}
            <ul className="notes" data-testid="annotations">
              {detail.annotations.map((a) => (
                <li key={a.id} className="note">
                  <div className="note-meta small muted">
                    {a.author} · {formatDateTime(a.createdAt, timeZone, locale)}
                  </div>
                  <div className="note-text">{a.text}</div>
                </li>
              ))}
            </ul>
            <div className="note-form">
              <textarea
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={`Add an annotation as ${actor}…`}
                rows={3}
                maxLength={10000}
                data-testid="annotation-text"
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void addNote();
                }}
              />
              <button className="btn btn-primary btn-small" disabled={!note.trim() || saving} onClick={() => void addNote()} data-testid="annotation-add">
                Add annotation
              </button>
              <span className="muted small">as {actor} · Ctrl+Enter</span>
            </div>
          </section>

          <section>
            <h3>History</h3>
            {detail.history.length === 0 ? (
              <p className="muted">No change recorded for this line.</p>
            ) : (
              <table className="table table-tight" data-testid="history">
                <thead>
                  <tr>
                    <th>Time</th>
                    <th>Actor</th>
                    <th>Action</th>
                    <th>Detail</th>
                    <th>Hash</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.history.map((h) => (
                    <tr key={h.seq}>
                      <td className="nowrap">{formatDateTime(h.at, timeZone, locale)}</td>
                      <td>{h.actor}</td>
                      <td>{h.action}</td>
                      <td className="ellip" title={h.detail}>
                        {describeAudit(h.action, h.detail)}
                      </td>
                      <td className="mono small" title={h.hash}>
                        {shortHash(h.hash, 10)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </aside>
  );
}
