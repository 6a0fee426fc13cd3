import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CARD_BRANDS, type CardBrand } from '../../protocol/index.js';
import { FIXTURES_DIR } from '../package-root.js';

const brandSchema = z.object({
  code: z.enum(CARD_BRANDS),
  nameKo: z.string(),
  nameEn: z.string(),
  color: z.string(),
  testCardNumber: z.string().regex(/^\d{12,19}$/),
});
export type BrandInfo = z.infer<typeof brandSchema>;

/** Display names, colours and test card numbers of the Korean issuers, from fixtures. */
export class BrandCatalogue {
  readonly #brands: Map<CardBrand, BrandInfo>;

  constructor(brands: readonly BrandInfo[]) {
    this.#brands = new Map(brands.map((b) => [b.code, b]));
    for (const code of CARD_BRANDS) {
      if (!this.#brands.has(code)) throw new Error(`The card-brand catalogue lacks ${code}.`);
    }
  }

  static fromFile(file = join(FIXTURES_DIR, 'card-brands.json')): BrandCatalogue {
    const parsed = z.object({ brands: z.array(brandSchema) }).parse(JSON.parse(readFileSync(file, 'utf8')));
    return new BrandCatalogue(parsed.brands);
  }

  get(code: CardBrand): BrandInfo {
    return this.#brands.get(code)!;
  }

  all(): BrandInfo[] {
    return CARD_BRANDS.map((code) => this.#brands.get(code)!);
  }
}
