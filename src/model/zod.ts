/**
 * The one import of zod in the project. zod probes `new Function` to decide whether to compile its parsers;
 * the app's Content-Security-Policy forbids eval, so the probe would show up as a policy violation on every
 * page load. Jitless parsing is plenty fast for configs and files. Importing zod from here guarantees the
 * setting is made before any schema parses (lint forbids importing 'zod' anywhere else).
 */
import { z } from 'zod';

z.config({ jitless: true });

export { z };
