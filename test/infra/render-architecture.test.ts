/**
 * The render function must run on the architecture of the Chromium it ships: the shipped
 * `@sparticuz/chromium` binary (bin/chromium.br, brotli) is read up to its ELF header and its
 * machine compared with the function's `Architectures` in the synthesized template.
 */
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { createBrotliDecompress } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, synthTemplate } from './support/synth-auditor.ts';

type Resource = { Type: string; Properties: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** ELF e_machine values (System V ABI) and the Lambda architecture that runs them. */
const LAMBDA_ARCHITECTURE_OF_MACHINE: Record<number, string> = { 0x3e: 'x86_64', 0xb7: 'arm64' };
/** e_ident (16 bytes) + e_type (2) + e_machine (2). */
const ELF_HEADER_BYTES = 20;

/**
 * The first `bytes` bytes of a brotli file, decompressed as a stream that is stopped as soon as
 * they are in (the whole binary is ~180 MB unpacked).
 */
async function brotliPrefix(path: string, bytes: number): Promise<Buffer> {
  const source = createReadStream(path);
  const inflate = source.pipe(createBrotliDecompress());
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of inflate as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
    }
  } finally {
    inflate.destroy();
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** The machine of an ELF executable, from its header. */
function elfMachine(header: Buffer): number {
  expect(header.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
  // EI_DATA (byte 5): 1 = little-endian, 2 = big-endian.
  return header[5] === 2 ? header.readUInt16BE(18) : header.readUInt16LE(18);
}

let resources: Record<string, Resource>;

beforeAll(() => {
  // Prepare (shared): the stack as cdk.json configures it.
  resources = synthTemplate().template.toJSON().Resources as Record<string, Resource>;
}, 120_000);

function functionProps(id: string): Record<string, unknown> {
  const found = Object.entries(resources).filter(([logicalId, r]) => r.Type === 'AWS::Lambda::Function' && logicalId.startsWith(`${id}Function`));
  expect(found).toHaveLength(1);
  return found[0][1].Properties;
}

describe('render function architecture', () => {
  it('matches the ELF machine of the shipped @sparticuz/chromium binary', async () => {
    // Prepare: the folder the render bundle ships as installed (AuditorFunction's shippedNodeModules).
    const header = await brotliPrefix(join(REPO_ROOT, 'node_modules', '@sparticuz', 'chromium', 'bin', 'chromium.br'), ELF_HEADER_BYTES);

    // Act
    const machine = elfMachine(header);

    // Assess
    expect(LAMBDA_ARCHITECTURE_OF_MACHINE[machine]).toBeDefined();
    expect(functionProps('Render').Architectures).toEqual([LAMBDA_ARCHITECTURE_OF_MACHINE[machine]]);
  });

  it.each(['Dispatch', 'Scan', 'Report', 'ImportTraffic'])('keeps %s, which ships no native binary, on arm64 (Graviton)', (id) => {
    // Prepare / Act
    const architectures = functionProps(id).Architectures;

    // Assess
    expect(architectures).toEqual(['arm64']);
  });
});
