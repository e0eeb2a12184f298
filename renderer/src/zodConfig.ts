// Must be evaluated before any zod schema is created (import it first): zod's JIT would try
// `new Function`, which the app's CSP (no 'unsafe-eval') refuses and reports.
import { z } from 'zod';

z.config({ jitless: true });
