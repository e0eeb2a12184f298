import type { Res } from '../../../../shared/contract/api';

/** What `lines.detail` answers for one line. */
export type Detail = Res<'lines.detail'>;
