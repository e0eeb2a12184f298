import type { ProgressEvent } from '../../../shared/contract/api';
import { t } from '../i18n';
import { useApp } from '../state/app';

/** A wait for another process's write is shown on every screen, until the call has the lock. */
const shown = (e: ProgressEvent, phases: ProgressEvent['phase'][]) => (e.phase === 'wait' ? e.done < e.total : phases.includes(e.phase));

export function ProgressBar({ done, total, label }: { done: number; total: number; label?: string }) {
  const known = total > 0;
  const pct = known ? Math.min(100, Math.max(0, (done / total) * 100)) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={known ? Math.round(pct) : undefined} aria-label={label}>
      <div className={known ? 'progress-fill' : 'progress-fill progress-indeterminate'} style={known ? { width: `${pct}%` } : undefined} />
    </div>
  );
}

/** Bars for the core's running tasks, filtered by phase (waits always). */
export function TaskProgress({ phases }: { phases: ProgressEvent['phase'][] }) {
  const progress = useApp((s) => s.progress);
  const busy = useApp((s) => s.busy);
  const tasks = Object.values(progress).filter((e) => shown(e, phases));
  // Only while an action runs: late events of a finished task are not shown.
  if (!busy || tasks.length === 0) return null;
  return (
    <div className="tasks" data-testid="task-progress">
      {tasks.map((e) => (
        <div key={e.task} className="task" data-testid={e.phase === 'wait' ? 'task-waiting' : undefined}>
          <span className="task-label">{t(`progress.${e.phase}`, { label: e.label })}</span>
          <ProgressBar done={e.done} total={e.total} label={e.label} />
        </div>
      ))}
    </div>
  );
}
