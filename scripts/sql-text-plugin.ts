// Lets `import sql from './x.sql'` work under Vite/Vitest (esbuild uses its 'text' loader).
import type { Plugin } from 'vite';

export function sqlText(): Plugin {
  return {
    name: 'slicewise-sql-text',
    transform(code, id) {
      if (!id.endsWith('.sql')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: null };
    },
  };
}
