import { OutletKind } from '@newswire/contracts';
import { z } from 'zod';

// Mirrors data/outlet-registry.schema.json (the JSON Schema is for editors and other tools;
// this is what validates at load).
const Names = z.array(z.string().min(1));

export const RegistryOutlet = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: z.string().min(1),
  kind: OutletKind,
  country: z.string().regex(/^[A-Z]{2}$/),
  controlledBy: z.string().min(1).optional(),
  domain: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/)
    .optional(),
  aliases: z.strictObject({
    en: Names.optional(),
    ar: Names.optional(),
    fa: Names.optional(),
    abbreviations: Names.optional(),
    ambiguous: Names.optional(),
  }),
});
export type RegistryOutlet = z.infer<typeof RegistryOutlet>;

export const UnnamedSource = z.strictObject({
  kind: OutletKind,
  name: z.string().min(1),
  phrases: Names,
});
export type UnnamedSource = z.infer<typeof UnnamedSource>;

export const OutletRegistryData = z
  .object({
    $schema: z.string().optional(),
    version: z.string().regex(/^\d{4}\.\d{1,2}\.\d+$/),
    outlets: z.array(RegistryOutlet).min(1),
    unnamedSources: z.array(UnnamedSource),
    countries: z.record(z.string().regex(/^[A-Z]{2}$/), Names),
    homonymGuards: z.strictObject({
      before: Names,
      after: Names,
      /** Names that are also places ("Fars"), and the words that make them the place ("officials in Fars"). */
      places: Names.optional(),
      placeBefore: Names.optional(),
    }),
  })
  .superRefine((data, ctx) => {
    const seen = new Set<string>();
    data.outlets.forEach((outlet, i) => {
      if (seen.has(outlet.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['outlets', i, 'id'],
          message: `duplicate outlet id '${outlet.id}'`,
        });
      }
      seen.add(outlet.id);
    });
  });
export type OutletRegistryData = z.infer<typeof OutletRegistryData>;
