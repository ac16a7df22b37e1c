import { z } from 'zod';

/** Content safety: hidden links, wrong expressions, sensitive words, privacy, tampering. */
export const contentSafetySection = z.object({}).strict();
