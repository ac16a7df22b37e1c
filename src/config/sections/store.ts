import { z } from 'zod';

/** Where scans and their history are kept. */
export const storeSection = z
  .object({
    /** Folder holding the scan index (index.json) and one sub-folder per scan. */
    dir: z.string().default('gov-inspector-output'),
  })
  .strict();
