// The core calls the invoice screen makes, timed in a fresh Node process on a workspace copy
// (the server side of bench/ui.mjs's figures, without HTTP, the worker or the browser).
// Bundled by bench/ui/core-probe.mjs into bench/.build/ui-core-probe.cjs; run under
// `node --cpu-prof` for a profile.
//
//   node bench/.build/ui-core-probe.cjs <workspace.sqlite> <ownerId> <period> <size>
import { performance } from 'node:perf_hooks';
import { dispatch } from '../../electron/core/api/dispatch';
import { openCore } from '../../electron/core/index';

async function main() {
  const [dbPath, ownerId, period, sizeArg] = process.argv.slice(2);
  if (!dbPath || !ownerId || !period) throw new Error('usage: ui-core-probe <db> <owner> <period> <size>');
  const size = Number(sizeArg ?? 100000);
  const t0 = performance.now();
  const core = openCore(dbPath);
  const out: Record<string, number> = { openCoreMs: performance.now() - t0 };
  const ctx = { progress: () => undefined, resolveInput: (x: string) => x, displayName: (x: string) => x, resolveOutput: (x: string) => x } as never;
  const time = async (label: string, method: string, payload: unknown) => {
    const t = performance.now();
    const r = await dispatch(core.handlers, method, payload, ctx);
    const ms = performance.now() - t;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    const t2 = performance.now();
    const bytes = JSON.stringify(r.value).length;
    out[`${label}Ms`] = Math.round(ms * 10) / 10;
    out[`${label}JsonMs`] = Math.round((performance.now() - t2) * 10) / 10;
    out[`${label}Bytes`] = bytes;
  };
  await time('overview', 'workspace.overview', {});
  await time('overviewAgain', 'workspace.overview', {});
  const page = (offset: number) => ({ ownerId, period, offset, limit: 500, sort: 'lineNo', dir: 'asc' });
  await time('listFirst', 'lines.list', page(0));
  await time('listAgain', 'lines.list', page(0));
  await time('listMiddle', 'lines.list', page(Math.floor(size / 2 / 500) * 500));
  await time('listEnd', 'lines.list', page(Math.max(0, size - 500)));
  await time('listSortedVariance', 'lines.list', { ...page(0), sort: 'variance', dir: 'desc' });
  core.close();
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
