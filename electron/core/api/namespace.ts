// The handlers of one namespace of the contract ('lines' → lines.list, lines.detail, …), and what
// every namespace is built from: the open workspace.
import type { Handlers, Method } from '../../../shared/contract/api';
import type { Db } from '../store/open';

export type Namespace<NS extends string> = { [M in Method as M extends `${NS}.${string}` ? M : never]: Handlers[M] };

export interface Workspace {
  db: Db;
  dbPath: string;
}
