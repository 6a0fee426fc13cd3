/** The generated summary of contracts/pacts, refreshed after the consumer phase and checked. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACTS_DIR, summarizePacts } from '../summarize-pacts.js';

describe('contracts/pacts/README.md', () => {
  it('lists every interaction of every pact file with what it proves', () => {
    const summary = summarizePacts();
    writeFileSync(join(PACTS_DIR, 'README.md'), summary);
    const files = readdirSync(PACTS_DIR).filter((f) => f.endsWith('.json'));
    expect(files).toContain('antom-reference-client-antom.json');
    for (const file of files) {
      const pact = JSON.parse(readFileSync(join(PACTS_DIR, file), 'utf8')) as { interactions: Array<{ description: string }> };
      expect(summary).toContain(`## ${file}`);
      for (const interaction of pact.interactions) expect(summary).toContain(`| ${interaction.description} |`);
    }
    expect(summary).toContain('| a cancel after authorization | an authorized payment awaiting capture | `POST /ams/sandbox/api/v1/payments/cancel` | HTTP 200 ORDER_STATUS_INVALID (F) | void rejection');
  });
});
