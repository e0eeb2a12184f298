// Entry of dist/worker.cjs: the core, off the main process's event loop.
import { openCore } from '../core/index';
import { runCoreWorker } from './worker-runtime';

runCoreWorker(openCore);
