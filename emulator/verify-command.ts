/** `antom-sandbox verify`: verifies merchants' consumer pacts against a fresh sandbox (contracts issue). */
export async function runVerifyCommand(_argv: string[]): Promise<number> {
  console.error('antom-sandbox verify: not available in this build yet.');
  return 2;
}
