import { describe, expect, it } from 'vitest';
import { fromKasmId, toKasmId, toKasmIdOrNull } from './kasm-ids';

const UUID = '50faa543-9c57-4b51-8cd8-68dac9256e4b';
const KASM = '50faa5439c574b518cd868dac9256e4b';

describe('Kasm ids', () => {
  it('writes 32 lowercase hex digits without dashes', () => {
    expect(toKasmId(UUID)).toBe(KASM);
    expect(toKasmId(UUID.toUpperCase())).toBe(KASM);
    expect(toKasmIdOrNull(null)).toBeNull();
    expect(toKasmIdOrNull(UUID)).toBe(KASM);
  });

  it('reads ids with or without dashes, in any case, into our dashed form', () => {
    expect(fromKasmId(KASM)).toBe(UUID);
    expect(fromKasmId(KASM.toUpperCase())).toBe(UUID);
    expect(fromKasmId(UUID)).toBe(UUID);
    expect(fromKasmId(` ${UUID.toUpperCase()} `)).toBe(UUID);
    expect(fromKasmId(toKasmId(fromKasmId(KASM)!))).toBe(UUID);
  });

  it('refuses anything else', () => {
    for (const bad of [
      '',
      'xyz',
      `${KASM}0`,
      KASM.slice(1),
      `${KASM.slice(0, 31)}g`,
      42,
      null,
      undefined,
      {},
    ]) {
      expect(fromKasmId(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
