import { z } from 'zod';

/**
 * The console's CSP allows no eval; zod would otherwise probe `new Function` to compile its object
 * parsers (a CSP violation even though it falls back). The domain's schemas run interpreted here.
 */
z.config({ jitless: true });
