import { z } from 'zod';

/** Disclosure catalogue, identity, interaction, services and interpretation checks. */
export const disclosureSection = z.object({}).strict();
